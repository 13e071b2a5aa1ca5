/**
 * Configuration files: parsing, validation against the rules' metadata (every kind of problem, each at
 * its line and column), and the shapes the rule help pages document.
 */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { ConfigError, type ConfigProblem } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';

const metas = RULES.map((rule) => rule.meta);
const parse = (text: string) => parseConfig(text, '.flowguard.yaml', metas);

/** The problems of an invalid file, as `line:col: message`. */
function problems(text: string): string[] {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p: ConfigProblem) => `${p.line}:${p.column}: ${p.message}`);
  }
  return expect.fail('the configuration was accepted');
}

describe('valid configurations', () => {
  it('reads levels (long and short form), options and ignore globs', () => {
    const config = parse(
      [
        '# team defaults',
        'rules:',
        '  vpc-flow-logs: off',
        '  flow-log-delivery: error',
        '  log-group-retention:',
        '    level: warning',
        '    options:',
        '      minimumDays: 90',
        '      requireExplicit: true',
        '  role-trust-principal: { level: note }',
        'ignore:',
        '  - "vendor/legacy-templates/**"',
        '  - "*.generated.json"',
        '',
      ].join('\n'),
    );
    expect(config).toEqual({
      rules: {
        'vpc-flow-logs': { level: 'off' },
        'flow-log-delivery': { level: 'error' },
        'log-group-retention': { level: 'warning', options: { minimumDays: 90, requireExplicit: true } },
        'role-trust-principal': { level: 'note' },
      },
      ignore: ['vendor/legacy-templates/**', '*.generated.json'],
      limits: {},
    });
  });

  it('reads limits by their library names', () => {
    const config = parse('limits:\n  maxFileSize: 536870912\n  maxNodes: 100000\n  fileTimeBudget: 2.5\n');
    expect(config.limits).toEqual({ maxFileSize: 536870912, maxNodes: 100000, fileTimeBudget: 2.5 });
  });

  it('accepts the example of rules/log-group-retention.md as written', () => {
    const page = RULES.find((r) => r.meta.id === 'log-group-retention')!;
    expect(page).toBeDefined();
    const example = 'rules:\n  log-group-retention:\n    level: error\n    options:\n      minimumDays: 731\n      requireExplicit: true\n';
    expect(parse(example).rules['log-group-retention']).toEqual({ level: 'error', options: { minimumDays: 731, requireExplicit: true } });
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing yet\n\n   # really\n'],
    ['a document marker', '---\n# nothing\n'],
    ['null sections', 'rules:\nignore:\nlimits:\n'],
    ['a byte order mark', '\ufeff# bom\n'],
  ])('%s sets nothing', (_name, text) => {
    expect(parse(text)).toEqual({ rules: {}, ignore: [], limits: {} });
  });

  it('accepts JSON (a YAML subset), as --print-config --format json writes it', () => {
    expect(parse('{"rules": {"suppression": {"level": "off"}}, "ignore": []}').rules).toEqual({ suppression: { level: 'off' } });
  });

  it('an option without a level keeps the default level (no level in the setting)', () => {
    expect(parse('rules:\n  log-group-retention:\n    options: { minimumDays: 30 }\n').rules['log-group-retention']).toEqual({ options: { minimumDays: 30 } });
  });
});

describe('problems, each at its line and column', () => {
  it('an unknown rule, at the key, listing the rules and the likely one', () => {
    expect(problems('rules:\n  log-group-retention: warning\n  vpc-flowlogs: off\n')).toEqual([
      '3:3: unknown rule "vpc-flowlogs" (did you mean "vpc-flow-logs"?); rules: vpc-flow-logs, log-group-retention, role-trust-principal, flow-log-delivery, parse-error, suppression',
    ]);
  });

  it('a bad level, short and long form, at the value', () => {
    expect(problems('rules:\n  vpc-flow-logs: warn\n  log-group-retention:\n    level: fatal\n')).toEqual([
      '2:18: bad level "warn" for rule "vpc-flow-logs" (did you mean "warning"?); levels: error, warning, note, off',
      '4:12: bad level "fatal" for rule "log-group-retention"; levels: error, warning, note, off',
    ]);
  });

  it('a level that is not a string', () => {
    expect(problems('rules:\n  vpc-flow-logs:\n    level: 3\n')).toEqual(['3:12: bad level the number 3 for rule "vpc-flow-logs"; levels: error, warning, note, off']);
    expect(problems('rules:\n  vpc-flow-logs: false\n')).toEqual([
      '2:18: rule "vpc-flow-logs" must be a level (error, warning, note, off) or a mapping with "level" and "options"; got the boolean false',
    ]);
  });

  it('an unknown option, listing the rule’s options with their types', () => {
    expect(problems('rules:\n  log-group-retention:\n    options:\n      minDays: 90\n')).toEqual([
      '4:7: unknown option "minDays" for rule "log-group-retention" (did you mean "minimumDays"?); options: minimumDays (number), requireExplicit (boolean)',
    ]);
  });

  it('an option for a rule that has none', () => {
    expect(problems('rules:\n  vpc-flow-logs:\n    options:\n      strict: true\n')).toEqual([
      '4:7: unknown option "strict" for rule "vpc-flow-logs"; rule "vpc-flow-logs" has no options',
    ]);
  });

  it('an option of the wrong type, at the value', () => {
    expect(problems('rules:\n  log-group-retention:\n    options:\n      minimumDays: "90"\n      requireExplicit: yes\n')).toEqual([
      '4:20: option "minimumDays" of rule "log-group-retention" must be a number; got the string "90"',
      '5:24: option "requireExplicit" of rule "log-group-retention" must be a boolean; got the string "yes"',
    ]);
    // YAML reads these as numbers JSON has no room for: "got the number Infinity" read as nonsense.
    expect(problems('rules:\n  log-group-retention:\n    options:\n      minimumDays: .inf\n')).toEqual([
      '4:20: option "minimumDays" of rule "log-group-retention" must be a number; got infinity (.inf, or a number too large to hold, such as 1e400)',
    ]);
    expect(problems('rules:\n  log-group-retention:\n    options:\n      minimumDays: 1e400\n')).toEqual([
      '4:20: option "minimumDays" of rule "log-group-retention" must be a number; got infinity (.inf, or a number too large to hold, such as 1e400)',
    ]);
    expect(problems('rules:\n  log-group-retention:\n    options:\n      minimumDays: -1e400\n')).toEqual([
      '4:20: option "minimumDays" of rule "log-group-retention" must be a number; got minus infinity (-.inf, or a number too large to hold, such as -1e400)',
    ]);
    expect(problems('rules:\n  log-group-retention:\n    options:\n      minimumDays: .nan\n')).toEqual([
      '4:20: option "minimumDays" of rule "log-group-retention" must be a number; got not a number (.nan)',
    ]);
  });

  // Only the first document was read: `log-group-retention: off` after a `---` was ignored without a word.
  it('a second YAML document is a problem where it starts; document markers around one document are fine', () => {
    expect(problems('rules: {}\n---\nrules:\n  log-group-retention: off\n')).toEqual([
      '3:1: a second YAML document starts here; the configuration is one document (remove the `---` line and merge the two)',
    ]);
    expect(parse('---\nrules:\n  log-group-retention: off\n...\n# end\n').rules).toEqual({ 'log-group-retention': { level: 'off' } });
    expect(parse('rules: {}\n---\n').rules).toEqual({});
  });

  it('a number outside what the option accepts, at the value', () => {
    expect(problems('rules:\n  log-group-retention:\n    options:\n      minimumDays: -5\n')).toEqual([
      '4:20: option "minimumDays" of rule "log-group-retention" must be a whole number, at least 1; got the number -5',
    ]);
    expect(problems('rules:\n  log-group-retention:\n    options:\n      minimumDays: 1.5\n')).toEqual([
      '4:20: option "minimumDays" of rule "log-group-retention" must be a whole number, at least 1; got the number 1.5',
    ]);
  });

  it('unknown keys at the top and in a rule', () => {
    expect(problems('rule:\n  vpc-flow-logs: off\n')).toEqual(['1:1: unknown key "rule" (did you mean "rules"?); allowed: rules, ignore, limits']);
    expect(problems('rules:\n  vpc-flow-logs:\n    severity: error\n')).toEqual(['3:5: unknown key "severity" in rule "vpc-flow-logs"; allowed: level, options']);
  });

  it('sections of the wrong shape', () => {
    expect(problems('- rules\n')).toEqual(['1:1: expected a mapping with the keys rules, ignore, limits; got a list']);
    expect(problems('rules: [vpc-flow-logs]\n')).toEqual(['1:8: "rules" must be a mapping from rule id to a level or to { level, options }; got a list']);
    expect(problems('rules:\n  log-group-retention:\n    options: 90\n')).toEqual([
      '3:14: "options" of rule "log-group-retention" must be a mapping from option name to value; got the number 90',
    ]);
    expect(problems('ignore: vendor/**\n')).toEqual(['1:9: "ignore" must be a list of gitignore-style patterns (relative to the repository root); got the string "vendor/**"']);
    expect(problems('ignore:\n  - ok/**\n  - 42\n')).toEqual(['3:5: each "ignore" entry must be a pattern string; got the number 42']);
    expect(problems('limits: 5\n')).toEqual([
      '1:9: "limits" must be a mapping from a limit (maxFileSize, maxDepth, maxAliases, maxNodes, maxResources, maxTotalResources, maxReferenceDepth, fileTimeBudget) to its value; got the number 5',
    ]);
  });

  it('limits: known names, positive values (whole numbers but the time budget), as the flags take them', () => {
    expect(problems('limits:\n  max-nodes: 5\n  maxDepth: 0\n  maxAliases: 2.5\n  fileTimeBudget: "30"\n  maxFileSize: 1e400\n')).toEqual([
      '2:3: unknown limit "max-nodes" (did you mean "maxNodes"?); limits: maxFileSize, maxDepth, maxAliases, maxNodes, maxResources, maxTotalResources, maxReferenceDepth, fileTimeBudget',
      '3:13: limit "maxDepth" must be a positive whole number; got the number 0',
      '4:15: limit "maxAliases" must be a positive whole number; got the number 2.5',
      '5:19: limit "fileTimeBudget" must be a positive number; got the string "30"',
      '6:16: limit "maxFileSize" must be a positive whole number; got infinity (.inf, or a number too large to hold, such as 1e400)',
    ]);
    expect(problems('limits:\n  __proto__: 1\n')[0]).toMatch(/^2:3: unknown limit "__proto__"/);
  });

  it('says of a number too large to hold, or written with _, what is wrong with it', () => {
    // YAML keeps a plain integer past 2^53 as its text, so no digit is lost: it is still a number written.
    expect(problems('limits:\n  maxFileSize: 99999999999999999999\n  maxNodes: 100000000000000000000\n  maxDepth: 1_000\n')).toEqual([
      '2:16: limit "maxFileSize" must be a positive whole number; got 99999999999999999999, a whole number too large to hold exactly (the largest is 9007199254740991)',
      '3:13: limit "maxNodes" must be a positive whole number; got 100000000000000000000, a whole number too large to hold exactly (the largest is 9007199254740991)',
      '4:13: limit "maxDepth" must be a positive whole number; got the string "1_000" (YAML 1.2 reads digits with _ as text; write 1000)',
    ]);
    expect(problems('rules:\n  log-group-retention:\n    options:\n      minimumDays: -99999999999999999999\n')).toEqual([
      '4:20: option "minimumDays" of rule "log-group-retention" must be a number; got -99999999999999999999, a whole number too large to hold exactly (the largest is 9007199254740991)',
    ]);
    expect(problems('limits:\n  maxFileSize: "123"\n')).toEqual(['2:16: limit "maxFileSize" must be a positive whole number; got the string "123"']);
  });

  it('lists every problem of the file, in order', () => {
    expect(problems('rules:\n  vpc-flowlogs: off\n  parse-error: loud\nignore: {}\nextra: 1\n').map((p) => p.split(':').slice(0, 2).join(':'))).toEqual([
      '2:3',
      '3:16',
      '4:9',
      '5:1',
    ]);
  });

  it('YAML syntax errors, duplicate keys and alias bombs are problems with a position, not crashes', () => {
    expect(problems('rules:\n  vpc-flow-logs: off\n  vpc-flow-logs: error\n')).toEqual(['3:3: not valid YAML: duplicate key "vpc-flow-logs" (first at line 2)']);
    const [syntax] = problems('rules:\n  vpc-flow-logs: [off\n');
    expect(syntax).toMatch(/^\d+:\d+: not valid YAML: /);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    expect(problems(`${bomb}\n`)[0]).toMatch(/^\d+:\d+: not valid YAML: .*alias/i);
  });

  // The `ignore` package compiles each pattern into one regular expression: a 60,000-character pattern
  // did not compile ("internal error: Invalid regular expression", no position), and twelve `**` between
  // folders backtracked for hours on a path 40 folders deep.
  it('an ignore pattern too long to compile, or with more than three ** between folders, is refused where it is', () => {
    expect(problems(`ignore:\n  - "${'*a'.repeat(30_000)}b"\n`)).toEqual(['2:5: "ignore" entry cannot be matched: the pattern is 60001 characters long, more than 4096']);
    expect(problems('ignore:\n  - "**/ok/**/fine/**"\n  - "a/**/b/**/c/**/d/**/e"\n')).toEqual([
      '3:5: "ignore" entry cannot be matched: the pattern has 4 `**` between folders, more than 3 (matching it could take hours on deep paths)',
    ]);
    const accepted = ['src/**/generated/**/*.json', '**/cdk.out/**', 'src/**/test/**/fixtures/**/*.yaml', '/**/a/**/b/**/c/**/d'];
    expect(parse(`ignore:\n${accepted.map((p) => `  - "${p}"\n`).join('')}`).ignore).toEqual(accepted);
  });

  it('a CloudFormation tag is a value of the wrong shape, not a function call', () => {
    // The parser turns `!Ref x` into `{ Ref: x }`, as in templates: here that is a mapping with an unknown key.
    expect(problems('rules:\n  vpc-flow-logs: !Ref Level\n')).toEqual(['2:18: unknown key "Ref" in rule "vpc-flow-logs"; allowed: level, options']);
    expect(problems('ignore:\n  - !Sub "${Dir}/**"\n')).toEqual(['2:5: each "ignore" entry must be a pattern string; got a mapping']);
  });

  it('__proto__ is an unknown key, not a prototype change', () => {
    expect(problems('rules:\n  __proto__: { level: off }\n')[0]).toMatch(/^2:3: unknown rule "__proto__"/);
    expect(problems('rules:\n  log-group-retention:\n    options:\n      __proto__: 1\n')[0]).toMatch(/^4:7: unknown option "__proto__"/);
  });
});

describe('ConfigError', () => {
  it('formats problems as file:line:col: message, and file: message without a position', () => {
    const error = new ConfigError([
      { file: 'ci/flowguard.yaml', line: 4, column: 5, message: 'unknown rule "x"' },
      { file: 'ci/flowguard.yaml', message: 'cannot read the configuration file: permission denied' },
    ]);
    expect(error.message).toBe('ci/flowguard.yaml:4:5: unknown rule "x"\nci/flowguard.yaml: cannot read the configuration file: permission denied');
  });
});
