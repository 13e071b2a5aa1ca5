/**
 * Words for JSON syntax errors. `JSON.parse` says *that* a file is broken; jsonc-parser's tolerant
 * scanner says where and what, and the container stack we keep alongside it says in which object.
 * Runs only on the error path, and only after the iterative depth scan, so its recursion is bounded.
 */
import type { ParseProblem } from './document.js';
import { jsoncParser } from './jsonc.js';
import { lineOf } from './problem.js';

// jsonc-parser's ParseErrorCode is a `const enum` in its typings; mirrored so no build tool has to inline it.
const INVALID_SYMBOL = 1;
const INVALID_NUMBER_FORMAT = 2;
const PROPERTY_NAME_EXPECTED = 3;
const VALUE_EXPECTED = 4;
const COLON_EXPECTED = 5;
const COMMA_EXPECTED = 6;
const CLOSE_BRACE_EXPECTED = 7;
const CLOSE_BRACKET_EXPECTED = 8;
const END_OF_FILE_EXPECTED = 9;
const INVALID_COMMENT_TOKEN = 10;
const UNEXPECTED_END_OF_COMMENT = 11;
const UNEXPECTED_END_OF_STRING = 12;
const UNEXPECTED_END_OF_NUMBER = 13;
const INVALID_UNICODE = 14;
const INVALID_ESCAPE_CHARACTER = 15;
const INVALID_CHARACTER = 16;

interface Open {
  kind: 'object' | 'array';
  offset: number;
}

interface FirstError {
  code: number;
  offset: number;
  length: number;
  open: Open | undefined;
  /** The root value was already complete: whatever follows is extra content. */
  afterRoot: boolean;
}

/** Describes the first syntax error in `text`; `thrown` is what `JSON.parse` threw, the fallback. */
export function describeJsonSyntaxError(text: string, thrown: unknown): ParseProblem {
  const stack: Open[] = [];
  // jsonc-parser reports a missing '}' or ']' just after ending that container, so keep the last one ended.
  let ended: Open | undefined;
  let rootDone = false;
  let first: FirstError | undefined;
  jsoncParser().visit(
    text,
    {
      onObjectBegin: (offset) => void stack.push({ kind: 'object', offset }),
      onArrayBegin: (offset) => void stack.push({ kind: 'array', offset }),
      onObjectEnd: () => {
        ended = stack.pop();
        rootDone = stack.length === 0;
      },
      onArrayEnd: () => {
        ended = stack.pop();
        rootDone = stack.length === 0;
      },
      onLiteralValue: () => void (rootDone ||= stack.length === 0),
      onError: (code, offset, length) => {
        const closing = code === CLOSE_BRACE_EXPECTED || code === CLOSE_BRACKET_EXPECTED;
        first ??= { code, offset, length, open: closing ? ended : stack[stack.length - 1], afterRoot: rootDone };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (first === undefined) return fromV8(text, thrown);
  return explain(text, first);
}

function explain(text: string, error: FirstError): ParseProblem {
  const { offset, length, open } = error;
  const at = (message: string, start = offset, end = offset + Math.max(length, 1)) => ({
    message,
    start: Math.min(start, text.length),
    end: Math.min(end, text.length),
  });
  const atEnd = offset >= text.length;
  const token = text.slice(offset, offset + Math.max(length, 1));
  const closer = open?.kind === 'array' ? "']'" : "'}'";
  const opened = open ? ` the ${open.kind} opened at line ${lineOf(text, open.offset)}` : '';
  if (error.afterRoot && !atEnd) return at('unexpected content after the end of the JSON value', offset, offset + 1);

  switch (error.code) {
    case INVALID_COMMENT_TOKEN:
    case UNEXPECTED_END_OF_COMMENT:
      return at('comments are not allowed in JSON');
    case PROPERTY_NAME_EXPECTED:
    case VALUE_EXPECTED: {
      if (atEnd) return at('unexpected end of file (expected a value)', text.length, text.length);
      const comma = trailingCommaBefore(text, offset);
      if (comma !== -1 && (token === '}' || token === ']')) return at(`trailing comma before '${token}'`, comma, comma + 1);
      if (error.code === PROPERTY_NAME_EXPECTED) return at(`expected a property name in double quotes, found ${show(token)}`);
      return at(`expected a value, found ${show(token)}`);
    }
    case COLON_EXPECTED:
      return atEnd ? at("unexpected end of file (expected ':')", text.length, text.length) : at("expected ':' after a property name");
    case COMMA_EXPECTED:
      if (/[0-9]/.test(token) && text[offset - 1] === '0') return at('numbers must not have leading zeros', offset - 1);
      return open?.kind === 'array'
        ? at("expected a comma or ']' after an array element")
        : at("expected a comma or '}' after a property value");
    case CLOSE_BRACE_EXPECTED:
    case CLOSE_BRACKET_EXPECTED:
      if (atEnd) return at(`unexpected end of file: expected ${closer} to close${opened}`, text.length, text.length);
      return at(`expected a comma or ${closer}`);
    case END_OF_FILE_EXPECTED:
      return at('unexpected content after the end of the JSON value');
    case UNEXPECTED_END_OF_STRING: {
      const lineBreak = text.slice(offset, offset + length + 1).search(/[\r\n]/);
      if (lineBreak !== -1) return at('unterminated string: a line break inside a string must be written \\n', offset + lineBreak);
      return at('unterminated string (reached end of file)', offset, text.length);
    }
    case INVALID_CHARACTER: {
      let position = offset;
      while (position < offset + length && text.charCodeAt(position) >= 0x20) position++;
      const code = text.charCodeAt(position).toString(16).toUpperCase().padStart(4, '0');
      return at(`control character U+${code} in a string must be escaped`, position, position + 1);
    }
    case INVALID_ESCAPE_CHARACTER: {
      const escape = text.slice(offset, offset + length).search(/\\[^"\\/bfnrtu]/);
      if (escape === -1) return at('invalid escape sequence in a string');
      const position = offset + escape;
      return at(`invalid escape sequence ${text.slice(position, position + 2)} in a string`, position, position + 2);
    }
    case INVALID_UNICODE:
      return at('invalid \\u escape in string (expected four hex digits)');
    case UNEXPECTED_END_OF_NUMBER:
    case INVALID_NUMBER_FORMAT:
      return at(`invalid number ${show(token)}`);
    case INVALID_SYMBOL:
      return at(describeSymbol(token, open?.kind === 'object' && expectsKey(text, offset)));
    default:
      return at(`invalid JSON near ${show(token)}`);
  }
}

function describeSymbol(token: string, inObject: boolean): string {
  if (token.startsWith("'")) return 'strings must use double quotes, not single quotes';
  if (/^-?(NaN|Infinity)$/.test(token)) return `${token} is not a JSON value`;
  if (/^(True|False|None|TRUE|FALSE|Null|NULL|undefined)$/.test(token)) {
    return `${show(token)} is not a JSON value (JSON uses true, false and null)`;
  }
  if (inObject) return `unexpected ${show(token)}: property names must be in double quotes`;
  return `unexpected ${show(token)} (expected a value)`;
}

/** Inside an object, whether `offset` is where a property name belongs (after '{' or ','), not a value. */
function expectsKey(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return text[i] === '{' || text[i] === ',';
}

/** Offset of a comma that only whitespace separates from `offset`, or -1. */
function trailingCommaBefore(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return text[i] === ',' ? i : -1;
}

function show(token: string): string {
  return JSON.stringify(token.length > 40 ? `${token.slice(0, 37)}...` : token);
}

/** Both parsers disagree (rare): keep V8's wording and its "at position N". */
function fromV8(text: string, thrown: unknown): ParseProblem {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  const match = /at position (\d+)/.exec(message);
  const start = match ? Math.min(Number(match[1]), text.length) : 0;
  const words = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/,\s*".*" is not valid JSON$/s, '');
  return { message: `invalid JSON: ${words}`, start, end: Math.min(start + 1, text.length) };
}
