/**
 * How Terraform's `yamldecode()` reads a scalar: the rules of go-cty-yaml's `resolveScalar`, which are
 * not flowguard's YAML 1.2 core schema (parse/yaml-scalars.ts). Unquoted `y`, `yes`, `on`, `n`, `no`
 * and `off` are booleans there (YAML 1.1's list), an unquoted date is an RFC 3339 timestamp string, and
 * a mapping key is any scalar converted to a string (`on:` is the key "true"). Where go-cty-yaml's
 * versions differ (underscores in numbers, `0x`/`0o`/`0b` integers, leading zeros) or its answer
 * depends on Go's number or time formatting that is not reproduced here, the scalar is unknown: a
 * wrong known value would be a wrong finding.
 */

/** What a scalar decodes to: a value, Terraform's error, or a value not worked out here (with why). */
export type Resolved = { value: string | number | boolean | null } | { merge: true } | { error: string } | { unknown: string };

const TAG = 'tag:yaml.org,2002:';
export const STR = TAG + 'str';
const BINARY = TAG + 'binary';
const BOOL = TAG + 'bool';
const INT = TAG + 'int';
const FLOAT = TAG + 'float';
const NULL = TAG + 'null';
const TIMESTAMP = TAG + 'timestamp';
export const MAP = TAG + 'map';
export const SEQ = TAG + 'seq';
const RESOLVABLE = new Set(['', STR, BOOL, INT, FLOAT, NULL, TIMESTAMP, BINARY]);

/** go-cty-yaml's table of words (YAML 1.1 booleans, the null forms, infinities). */
const WORDS = new Map<string, { value: boolean | null | number; tag: string }>();
for (const [value, tag, words] of [
  [true, BOOL, 'y Y yes Yes YES true True TRUE on On ON'],
  [false, BOOL, 'n N no No NO false False FALSE off Off OFF'],
  [null, NULL, '~ null Null NULL'],
  [Infinity, FLOAT, '.inf .Inf .INF +.inf +.Inf +.INF'],
  [-Infinity, FLOAT, '-.inf -.Inf -.INF'],
] as const) {
  for (const word of words.split(' ')) WORDS.set(word, { value, tag });
}
WORDS.set('', { value: null, tag: NULL });

const DECIMAL = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
/** Texts whose reading as a number changed between go-cty-yaml versions, or that Go's number parsers may take. */
const VERSION_DEPENDENT = /^[-+]?(?:[0-9._]*_[0-9._]*(?:[eE][-+]?[0-9_]+)?|0[xXoObB][0-9a-fA-F_]+|0[0-9]+|inf(?:inity)?)$/i;
const DATE = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$/;

/** The first character's class, as go-cty-yaml's `resolveTable`: sign, digit, a word's initial, dot. */
function hintOf(text: string): 'S' | 'D' | 'M' | '.' | undefined {
  if (text === '') return 'M';
  const c = text[0]!;
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if (c === '.') return '.';
  return 'yYnNtTfFoO~'.includes(c) ? 'M' : undefined;
}

/**
 * The scalar `text` written with `tag` (long form, `''` when none) in a quoted style or not. A plain
 * `<<` with no tag is a merge key (`{ merge: true }`); the caller makes it the string "<<" elsewhere
 * than as a key.
 */
export function resolveScalar(tag: string, text: string, quoted: boolean): Resolved {
  if (!RESOLVABLE.has(tag)) return { error: `unsupported tag "${tag}"` };
  const hint = hintOf(text);
  if (hint !== undefined && tag !== STR && tag !== BINARY) {
    if (quoted) return { value: text };
    const word = WORDS.get(text);
    if (word) return word.value === Infinity || word.value === -Infinity ? { unknown: 'an infinite number' } : { value: word.value };
    if (tag === '' && (text === '.nan' || text === '.NaN' || text === '.NAN')) return { error: 'floating point NaN is not supported' };
    if (hint === '.') {
      if (DECIMAL.test(text)) return number(text);
    } else if (hint === 'D' || hint === 'S') {
      if (tag === '' || tag === TIMESTAMP) {
        const time = timestamp(text);
        if (time) return time;
      }
      if (VERSION_DEPENDENT.test(text)) return { unknown: `"${text}" is read as a number by some versions of Terraform and not by others` };
      if (DECIMAL.test(text)) return number(text);
    }
  }
  if (tag === '' && text === '<<') return { merge: true };
  switch (tag) {
    case STR:
      return { value: text };
    case BINARY:
      // Kept as its base64 text, once Go's decoder has accepted it: only plain, padded base64 is sure to be.
      return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text) ? { value: text } : { unknown: 'a !!binary value Go may not read as base64' };
    case BOOL: {
      const word = WORDS.get(text);
      return word?.tag === BOOL ? { value: word.value } : { error: `cannot parse "${text}" as ${tag}` };
    }
    case INT:
    case FLOAT:
      if (DECIMAL.test(text)) return number(text);
      return { unknown: `"${text}" as ${tag} is read by Go's integer parser` };
    case TIMESTAMP:
      return timestamp(text) ?? { unknown: `"${text}" as ${tag}: Go's timestamp formats` };
    case NULL:
      return { value: null };
    default:
      return { value: text };
  }
}

/** A decimal number, when a JavaScript number holds it exactly enough: cty's numbers are arbitrary-precision. */
function number(text: string): Resolved {
  const value = Number(text);
  if (!Number.isFinite(value)) return { unknown: `the number ${text} is too large to evaluate statically` };
  const digits = text.replace(/[eE].*$/, '').replace(/[^0-9]/g, '').replace(/^0+/, '');
  const whole = /^[-+]?[0-9]+$/.test(text);
  if (whole ? !Number.isSafeInteger(value) : digits.length > 15) return { unknown: `the number ${text} needs more precision than is evaluated statically` };
  return { value };
}

/**
 * go-cty-yaml turns an unquoted date into an RFC 3339 string (`2024-01-15` → "2024-01-15T00:00:00Z").
 * Only a date is worked out here; a text starting like one that is not a valid date may be a time,
 * which Go's formats decide: unknown.
 */
function timestamp(text: string): Resolved | undefined {
  if (!/^[0-9]{4}-/.test(text)) return undefined;
  const date = DATE.exec(text);
  if (!date) return { unknown: `"${text}" may be a timestamp, which Terraform rewrites in RFC 3339` };
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const at = new Date(Date.UTC(year, month - 1, day));
  // Go refuses a day or month out of range (2024-02-30): then it is no timestamp and no number, a string.
  if (at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return { value: text };
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return { value: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T00:00:00Z` };
}

/** A resolved key as the string go-cty-yaml converts it to; undefined when that conversion is not reproduced here. */
export function keyText(value: string | number | boolean | null): string | null | undefined {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return Number.isSafeInteger(value) ? String(value) : undefined;
}
