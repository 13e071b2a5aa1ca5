/** `.tf` syntax errors, limits, templates and heredocs, line endings. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARSE_LIMITS } from '../../src/parse/document.js';
import { at, expression, parsed, problem, show } from './hcl-helpers.js';

describe('syntax errors', () => {
  it.each([
    ['resource "aws_vpc" "main" = {\n}\n', /^expected '\{' to open the block after `resource "aws_vpc" "main"`, found '='$/, '1:27'],
    ['resource "aws_vpc" "main"\n{\n}\n', /^expected '\{' to open the block after `resource "aws_vpc" "main"` \(on the same line\)/, '1:26'],
    ['locals {\n  a\n}\n', /^expected '=' or a block after `a`, found a line break$/, '2:4'],
    ['a = "abc\nb = 1\n', /^unterminated string/, '1:5'],
    ['a = "abc', /^unterminated string$/, '1:5'],
    ['resource "x" "y" {\n  a = 1\n\n', /^unclosed '\{' opened at line 1$/, '1:18'],
    ['a = 1 b = 2\n', /^expected a line break after `a`, found `b`$/, '1:7'],
    ['variable "x" { type = string, default = 1 }\n', /^unexpected ',' after `type`: put each argument on its own line/, '1:29'],
    ['a = [1, 2\n', /^unclosed '\[' opened at line 1$/, '1:5'],
    ['a = [1 2]\n', /^expected ',' between items or '\]' to close the '\[' opened at line 1, found number 2$/, '1:8'],
    ['a = f(1 2)\n', /^expected ',' between arguments or '\)' to close the '\(' opened at line 1, found number 2$/, '1:9'],
    ['a = (1\n', /^unclosed '\(' opened at line 1$/, '1:5'],
    ['a = {\n  b = 1 c = 2\n}\n', /^expected ',' or a line break between items or '\}' to close the '\{' opened at line 1, found `c`$/, '2:9'],
    ['a = { b }\n', /^expected '=' or ':' after the object key, found '\}'$/, '1:9'],
    ['a = "${x y}"\n', /^expected '\}' to close the '\$\{' opened at line 1, found `y`$/, '1:10'],
    ['a = "${x', /^unclosed '\$\{' opened at line 1$/, '1:6'],
    ['a = "${}"\n', /^expected an expression, found '\}'$/, '1:8'],
    ['a = <<EOT\nfoo\n', /^unterminated heredoc: no line `EOT` closes the `<<EOT` opened at line 1$/, '1:5'],
    ['a = <<EOT foo\nEOT\n', /^invalid heredoc/, '1:5'],
    ['a = "\\q"\n', /^invalid escape sequence `\\q` in a string/, '1:6'],
    ['a = "\\u12"\n', /^invalid escape \\u: expected 4 hex digits/, '1:6'],
    ['a = 1 +\n', /^expected an expression, found end of file$/, '2:1'],
    ['a =\n  1\n', /^expected an expression, found a line break$/, '1:4'],
    ['}\n', /^unexpected '\}': no block is open here$/, '1:1'],
    ['a = 1\nb = 2\na = 3\n', /^argument `a` is set twice \(first at line 1\)$/, '3:1'],
    // Only an object (or a list of objects) written twice may be HCL 1's repeated block (HclFile.repeated).
    ['a = { b = 1 }\na = 3\n', /^argument `a` is set twice \(first at line 1\)$/, '2:1'],
    ['a = 3\na = { b = 1 }\n', /^argument `a` is set twice \(first at line 1\)$/, '2:1'],
    ['a = x.\n', /^expected an attribute name, an index or '\*' after '\.', found a line break$/, '1:7'],
    ['a = "%{if x}y"\n', /^`%\{if\}` has no `%\{endif\}` before the template ends$/, '1:6'],
    ['a = "%{endif}"\n', /^`%\{endif\}` without a matching `%\{if\}`$/, '1:6'],
    ['a = "%{for x in y}%{endif}"\n', /^`%\{endif\}` without a matching `%\{if\}`$/, '1:19'],
    ['a = "%{if x}%{else}%{else}%{endif}"\n', /^`%\{else\}` without a matching `%\{if\}`$/, '1:20'],
    ['a = "%{ while x }"\n', /^expected 'if', 'else', 'endif', 'for' or 'endfor' after '%\{', found `while`$/, '1:9'],
    ['a = @\n', /^unexpected character "@"$/, '1:5'],
    ['a = x & y\n', /^unexpected '&': HCL writes the operator as '&&'$/, '1:7'],
    ["a = 'x'\n", /^unexpected "'": HCL strings use double quotes$/, '1:5'],
    ['/* note\na = 1\n', /^unterminated comment/, '1:1'],
    ['a = { for x in y }\n', /^expected ':' after the collection of a 'for' expression, found '\}'$/, '1:18'],
    ['a = [for x y]\n', /^expected 'in' after the variable of a 'for' expression, found `y`$/, '1:12'],
    ['a = [for k, v in m : v => k]\n', /^expected 'if' or '\]' to close the '\[' opened at line 1, found '=>'$/, '1:24'],
    ['a = cond ? 1\n', /^expected ':' after the true result of a conditional/, '1:13'],
    ['x "${a}" {\n}\n', /^a block label must be a plain string/, '1:3'],
    ['a = provider::(1)\n', /^expected a function name after `provider::`, found '\('$/, '1:15'],
    ['a = f(x..., y)\n', /^expected nothing after the expanded argument or '\)'/, '1:13'],
    ['a = x[*\n', /^unclosed '\[' opened at line 1$/, '1:6'],
  ])('%j', (source, message, position) => {
    const found = problem(source);
    expect(found.message).toMatch(message);
    expect(found.at).toBe(position);
  });

  it('reports the position in a realistic file', () => {
    const text = 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n  tags = {\n    Name = "main"\n    Env = \n  }\n}\n';
    const found = problem(text);
    expect(found).toMatchObject({ message: 'expected an expression, found a line break' });
    expect(found.at).toBe('5:11');
  });
});

describe('nesting limits', () => {
  const deep = 200_000;
  it.each([
    ['tuples', `a = ${'['.repeat(deep)}${']'.repeat(deep)}\n`],
    ['objects', `a = ${'{a = '.repeat(deep)}1${'}'.repeat(deep)}\n`],
    ['parentheses', `a = ${'('.repeat(deep)}1${')'.repeat(deep)}\n`],
    ['calls', `a = ${'f('.repeat(deep)}${')'.repeat(deep)}\n`],
    ['unary operators', `a = ${'!'.repeat(deep)}x\n`],
    ['negations', `a = ${'- '.repeat(deep)}1\n`],
    ['conditionals', `a = ${'x ? 1 : '.repeat(deep)}1\n`],
    ['interpolations', `a = ${'"${'.repeat(deep)}1${'}"'.repeat(deep)}\n`],
    ['blocks', `${'b {\n'.repeat(deep)}${'}\n'.repeat(deep)}`],
    ['unclosed tuples', `a = ${'['.repeat(deep)}`],
  ])('%s 200,000 deep → a maxDepth problem, not a stack overflow', (_, source) => {
    const found = problem(source);
    expect(found.limit).toBe('maxDepth');
    expect(found.message).toBe(`nesting deeper than ${DEFAULT_PARSE_LIMITS.maxDepth} levels (raise it with --max-depth)`);
  });

  it('points at the bracket that opens one level too many', () => {
    expect(problem(`a = ${'['.repeat(deep)}${']'.repeat(deep)}\n`).at).toBe(`1:${4 + DEFAULT_PARSE_LIMITS.maxDepth + 1}`);
    expect(problem(`${'b {\n'.repeat(deep)}${'}\n'.repeat(deep)}`).at).toBe(`${DEFAULT_PARSE_LIMITS.maxDepth + 1}:3`);
  });

  it('accepts nesting up to the limit and counts it as configured', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxDepth: 10 };
    expect(parsed(`a = ${'['.repeat(10)}${']'.repeat(10)}\n`, limits).body.attributes).toHaveLength(1);
    expect(problem(`a = ${'['.repeat(11)}${']'.repeat(11)}\n`, limits).limit).toBe('maxDepth');
  });

  it('turns a stack overflow under an absurd configured limit into a maxDepth problem', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxDepth: 10_000_000 };
    const found = problem(`a = ${'['.repeat(deep)}${']'.repeat(deep)}\n`, limits);
    expect(found.limit).toBe('maxDepth');
    // Raising the limit further cannot help: the message says what can.
    expect(found.message).toBe("nesting too deep for the parser's stack, though within --max-depth 10000000; a lower --max-depth reports where it is too deep");
  });
});

describe('templates', () => {
  it.each([
    ['"a ${var.b} c"', 'tpl("a " var.b " c")'],
    ['"${var.only}"', 'tpl(var.only)'],
    ['"${"nested ${x}"}"', 'tpl(tpl("nested " x))'],
    ['"${ {a = 1}.a }"', 'tpl(rel({"a" = 1}).a)'],
    ['"$${literal} %%{literal} $$ 100% $"', '"${literal} %{literal} $$ 100% $"'],
    ['"\\n\\r\\t\\"\\\\ \\u00e9 \\U0001F600"', JSON.stringify('\n\r\t"\\ é 😀')],
    ['"x ${~ 1 ~} y"', 'tpl("x" 1 "y")'],
    ['"%{if var.on}on%{else}off%{endif}"', 'tpl(%if(var.on){"on"}else{"off"})'],
    ['"%{ for i, s in var.list ~} ${s}, %{~ endfor }"', 'tpl(%for(i, s in var.list){s ","})'],
    ['"%{ for s in var.list }${s}%{ endfor }"', 'tpl(%for(s in var.list){s})'],
    ['"a %{~ if x ~} b %{~ else ~} c %{~ endif ~} d"', 'tpl("a" %if(x){"b"}else{"c"} "d")'],
    ['"%{if a}%{for s in b}${s}%{if c}!%{endif}%{endfor}%{endif}"', 'tpl(%if(a){%for(s in b){s %if(c){"!"}else{}}}else{})'],
    ['"${\n  var.multi\n}"', 'tpl(var.multi)'],
    ['"a}b"', '"a}b"'],
  ])('%s → %s', (source, expected) => {
    expect(show(expression(source))).toBe(expected);
  });

  it.each([
    ['<<EOT\nline one\n  line two\nEOT', '"line one\\n  line two\\n"'],
    ['<<-EOT\n    line one\n      line two\n\n    end\n  EOT', '"line one\\n  line two\\n\\nend\\n"'],
    ['<<-EOT\n\t\tone\n\t\t${x}\n\t\t  two\n\tEOT', '<<tpl("one\\n" x "\\n  two\\n")'],
    ['<<EOT\n${var.a}\n%{ if var.b }yes%{ endif }\nEOT', '<<tpl(var.a "\\n" %if(var.b){"yes"}else{} "\\n")'],
    // As HCL does it: `~}` trims the rest of its line only, and the line after it, no longer after a
    // line break, keeps its indentation (so does the line after `%{ endfor ~}`).
    ['<<-EOT\n  [\n  %{ for p in var.ps ~}\n    "${p}",\n  %{ endfor ~}\n  ]\n  EOT', '<<tpl("[\\n" %for(p in var.ps){"    \\"" p "\\",\\n"} "  ]\\n")'],
    ['<<EOT\n$${not} and \\n stays\nEOT', '"${not} and \\\\n stays\\n"'],
    ['<<EOT\nEOTX\n  EOT\n', '"EOTX\\n"'],
    ['<<EOT\nEOT', '""'],
    ['<<-POLICY\n  {"a": "${x}"}\n  POLICY', '<<tpl("{\\"a\\": \\"" x "\\"}\\n")'],
    // A line that starts with an interpolation has no indentation: as in HCL, nothing is removed.
    ['<<-EOT\n    a\n${x}\n    b\nEOT', '<<tpl("    a\\n" x "\\n    b\\n")'],
  ])('heredoc %j → %s', (source, expected) => {
    expect(show(expression(source))).toBe(expected);
  });

  it('ranges a heredoc from its opener through the closing marker, and its interpolations exactly', () => {
    const text = 'policy = <<-EOT\n  {"Resource": "${aws_s3_bucket.logs.arn}/*"}\n  EOT\nnext = 1\n';
    const { body } = parsed(text);
    const policy = body.attributes[0]!.expr;
    expect(text.slice(policy.start, policy.end)).toBe('<<-EOT\n  {"Resource": "${aws_s3_bucket.logs.arn}/*"}\n  EOT');
    if (policy.k !== 'template') throw new Error('expected a template');
    expect(at(text, policy.parts[1] as never)).toBe('2:19 aws_s3_bucket.logs.arn');
    expect(at(text, body.attributes[1]!.nameRange)).toBe('4:1 next');
  });

  it('ranges a directive from its opening through its closing braces, and the expressions inside exactly', () => {
    const text = 'a = "<%{ if x ~}y%{ endif }>"\n';
    const expr = parsed(text).body.attributes[0]!.expr;
    if (expr.k !== 'template') throw new Error('expected a template');
    const directive = expr.parts[1];
    if (typeof directive === 'string' || directive?.k !== 'templateIf') throw new Error('expected an if directive');
    expect(at(text, directive)).toBe('1:7 %{ if x ~}y%{ endif }');
    expect(at(text, directive.condition)).toBe('1:13 x');
  });

  it('counts directives inside directives against the nesting limit', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxDepth: 3 };
    expect(problem(`a = "${'%{if x}'.repeat(4)}${'%{endif}'.repeat(4)}"\n`, limits)).toMatchObject({ limit: 'maxDepth', at: '1:25' });
  });
});

describe('line endings and byte order marks', () => {
  const lf = 'resource "aws_vpc" "main" { # the VPC\n  cidr_block = "10.0.0.0/16"\n  policy = <<-EOT\n    {"a": 1}\n  EOT\n}\n';
  const crlf = lf.replace(/\n/g, '\r\n');

  it('gives the same lines and columns with CRLF', () => {
    for (const text of [lf, crlf]) {
      const file = parsed(text);
      const vpc = file.body.blocks[0]!;
      const cidr = vpc.body.attributes[0]!;
      expect(at(text, cidr.expr)).toBe('2:16 "10.0.0.0/16"');
      expect(at(text, vpc.body.attributes[1]!.nameRange)).toBe('3:3 policy');
      expect(file.comments.map((c) => [at(text, c), c.text])).toEqual([['1:29 # the VPC', 'the VPC']]);
      expect(text.slice(vpc.end - 1, vpc.end)).toBe('}');
    }
  });

  it('keeps CRLF inside heredoc text, as the file has it, and finds the closing marker', () => {
    const policy = parsed(crlf).body.blocks[0]!.body.attributes[1]!.expr;
    expect(show(policy)).toBe(JSON.stringify('{"a": 1}\r\n'));
  });

  it('skips a byte order mark left at the start of the text', () => {
    const text = `\uFEFF${lf}`;
    const vpc = parsed(text).body.blocks[0]!;
    expect(at(text, vpc.typeRange)).toBe('1:2 resource');
  });

  it('reads a file whose last line is a comment without a line break', () => {
    expect(parsed('a = 1 # done').comments.map((c) => c.text)).toEqual(['done']);
    expect(parsed('a = 1 // done').body.attributes).toHaveLength(1);
  });
});
