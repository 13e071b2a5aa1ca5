/**
 * YAML scalar resolution and tag vocabulary: the YAML 1.2 core schema (with CloudFormation's reading
 * of booleans for templates), the standard `!!` tags, and CloudFormation's short-form intrinsic functions.
 */

/**
 * How plain scalars become booleans. CloudFormation's parser reads a template as YAML 1.1 does:
 * an unquoted `yes`, `no`, `on` or `off` (any of the three casings YAML 1.1 lists) is a boolean,
 * which CloudFormation turns into the string "true" or "false" — so `Default: yes` compared with
 * `!Equals [!Ref P, "yes"]` is false when deployed. Templates use `'cloudformation'`; our own
 * configuration file keeps the YAML 1.2 core schema, where `level: off` stays the string "off".
 */
export type YamlSchema = 'cloudformation' | 'core';

/** CloudFormation short-form tags and the long-form key each becomes (`!Sub x` → `{ 'Fn::Sub': x }`). */
export const CLOUDFORMATION_TAGS: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'And', 'Base64', 'Cidr', 'Contains', 'EachMemberEquals', 'EachMemberIn', 'Equals', 'FindInMap', 'ForEach',
    'GetAtt', 'GetAZs', 'GetStackOutput', 'If', 'ImportValue', 'Join', 'Length', 'Not', 'Or', 'RefAll', 'Select', 'Split', 'Sub',
    'ToJsonString', 'Transform', 'ValueOf', 'ValueOfAll',
  ].map((name): [string, string] => [`!${name}`, `Fn::${name}`]),
]);

/** Listed in the "unknown tag" message, most used first. */
export const SUPPORTED_TAGS_HINT =
  '!Ref, !GetAtt, !Sub, !Join, !Select, !Split, !If, !Equals, !And, !Or, !Not, !Condition, !FindInMap, ' +
  '!ImportValue, !GetStackOutput, !Base64, !Cidr, !GetAZs, !Transform, !Length, !ToJsonString, !ForEach';

/** The standard tags we honour, by short name. `!` (non-specific) keeps the node as written. */
export type StandardTag = 'str' | 'int' | 'float' | 'bool' | 'null' | 'binary' | 'timestamp' | 'map' | 'seq' | '!';

const STANDARD_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'binary', 'timestamp', 'map', 'seq']);
const CORE_PREFIX = '!<tag:yaml.org,2002:';

/** `!!str` and the verbatim `!<tag:yaml.org,2002:str>` → 'str'; `!` → '!'; anything else undefined. */
export function standardTag(tag: string): StandardTag | undefined {
  if (tag === '!') return '!';
  let name: string | undefined;
  if (tag.startsWith('!!')) name = tag.slice(2);
  else if (tag.startsWith(CORE_PREFIX) && tag.endsWith('>')) name = tag.slice(CORE_PREFIX.length, -1);
  return name !== undefined && STANDARD_TAGS.has(name) ? (name as StandardTag) : undefined;
}

/** `!<!Ref>` (verbatim local tag) is the same tag as `!Ref`. */
export function normaliseTag(tag: string): string {
  return tag.startsWith('!<!') && tag.endsWith('>') ? tag.slice(2, -1) : tag;
}

const DECIMAL = /^[-+]?[0-9]+$/;
const OCTAL = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INFINITY = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;

/**
 * A plain (unquoted, untagged) scalar under `schema`. Dates stay strings (so
 * `AWSTemplateFormatVersion: 2010-09-09` is the string CloudFormation expects).
 */
export function resolvePlain(text: string, schema: YamlSchema): unknown {
  if (text.length === 0) return null;
  const c = text.charCodeAt(0);
  // Dispatch on the first character: most CloudFormation scalars are names that match nothing.
  if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) return resolveNumber(text) ?? text;
  switch (c) {
    case 0x6e: // n
    case 0x4e: // N
      if (text === 'null' || text === 'Null' || text === 'NULL') return null;
      return schema === 'cloudformation' && (text === 'no' || text === 'No' || text === 'NO') ? false : text;
    case 0x79: // y
    case 0x59: // Y
      return schema === 'cloudformation' && (text === 'yes' || text === 'Yes' || text === 'YES') ? true : text;
    case 0x6f: // o
    case 0x4f: // O
      if (schema !== 'cloudformation') return text;
      if (text === 'on' || text === 'On' || text === 'ON') return true;
      return text === 'off' || text === 'Off' || text === 'OFF' ? false : text;
    case 0x7e: // ~
      return text === '~' ? null : text;
    case 0x74: // t
    case 0x54: // T
      return text === 'true' || text === 'True' || text === 'TRUE' ? true : text;
    case 0x66: // f
    case 0x46: // F
      return text === 'false' || text === 'False' || text === 'FALSE' ? false : text;
    default:
      return text;
  }
}

function resolveNumber(text: string): number | string | undefined {
  if (DECIMAL.test(text)) {
    const digits = text.charCodeAt(0) <= 0x2d ? text.slice(1) : text; // strip a sign
    // A deliberate departure from the core schema: `012345678901` is an AWS account id, not a number,
    // and a 20-digit id would silently lose digits as a double. Keep what was written.
    if (digits.length > 1 && digits.charCodeAt(0) === 0x30) return text;
    const value = Number(text);
    if (!Number.isSafeInteger(value) && String(Math.abs(value)) !== digits) return text;
    return value;
  }
  if (OCTAL.test(text)) return parseInt(text.slice(2), 8);
  if (HEX.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT.test(text)) return Number(text);
  if (INFINITY.test(text)) return text.charCodeAt(0) === 0x2d ? -Infinity : Infinity;
  if (NAN.test(text)) return NaN;
  return undefined;
}

/** The value of a scalar with an explicit standard tag, or `undefined` when the text does not fit it. */
export function resolveExplicit(tag: StandardTag, text: string, schema: YamlSchema): unknown {
  switch (tag) {
    case 'int': {
      if (OCTAL.test(text)) return parseInt(text.slice(2), 8);
      if (HEX.test(text)) return parseInt(text.slice(2), 16);
      return DECIMAL.test(text) ? Number(text) : undefined;
    }
    case 'float': {
      const value = resolveNumber(text);
      return typeof value === 'number' ? value : DECIMAL.test(text) ? Number(text) : undefined;
    }
    case 'bool': {
      const value = resolvePlain(text, schema);
      return typeof value === 'boolean' ? value : undefined;
    }
    case 'null':
      return text === '' || resolvePlain(text, schema) === null ? null : undefined;
    default:
      // str, binary (kept as its base64 text), timestamp (kept as written), and the non-specific `!`
      return text;
  }
}
