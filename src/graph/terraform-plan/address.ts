/**
 * Terraform addresses and references as plans write them: `module.net[0].aws_vpc.this["a"]`,
 * `data.aws_iam_policy_document.trust.json`, `var.vpc_id`. Instance keys may be strings holding dots
 * and brackets (`aws_vpc.main["a.b[1]"]`), so addresses are tokenised, never split on `.`.
 */

/** One step of a traversal: an attribute name, or an instance key normalised to JSON (`0`, `"a"`). */
export type Step = { attr: string } | { key: string };

export interface ModuleStep {
  name: string;
  /** Normalised instance key, `''` for a module call without count/for_each. */
  key: string;
}

export interface ResourceAddress {
  modules: ModuleStep[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** Normalised instance key, or undefined when the address names the resource as a whole. */
  key: string | undefined;
  /** The steps after the resource (attribute path of a reference). */
  rest: Step[];
}

/** Longest address or reference parsed; anything longer is no address a plan writes. */
const MAX_LENGTH = 10_000;

export function parseTraversal(text: string): Step[] | undefined {
  if (text.length === 0 || text.length > MAX_LENGTH) return undefined;
  const steps: Step[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      const end = readKey(text, i + 1);
      if (!end) return undefined;
      steps.push({ key: end.key });
      i = end.next;
    } else {
      if (steps.length > 0) {
        if (text[i] !== '.') return undefined;
        i++;
      }
      let j = i;
      while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
      if (j === i) return undefined;
      steps.push({ attr: text.slice(i, j) });
      i = j;
    }
  }
  return steps;
}

/** Reads `0]` or `"a"]` after a `[`; other keys (`each.key`, `*`) are not constant and not parsed. */
function readKey(text: string, start: number): { key: string; next: number } | undefined {
  if (text[start] === '"') {
    let j = start + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    if (text[j + 1] !== ']') return undefined;
    // A key written without escapes or control characters is already in its normal form.
    if (isPlainJsonString(text, start + 1, j)) return { key: text.slice(start, j + 1), next: j + 2 };
    try {
      const value: unknown = JSON.parse(text.slice(start, j + 1));
      return typeof value === 'string' ? { key: JSON.stringify(value), next: j + 2 } : undefined;
    } catch {
      return undefined;
    }
  }
  const close = text.indexOf(']', start);
  if (close < 0) return undefined;
  const raw = text.slice(start, close);
  return /^\d+$/.test(raw) ? { key: String(Number(raw)), next: close + 1 } : undefined;
}

function isPlainJsonString(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c < 0x20 || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** Reads an address or a resource reference (`aws_vpc.main[0].id`) from parsed steps. */
export function readAddress(steps: readonly Step[]): ResourceAddress | undefined {
  const modules: ModuleStep[] = [];
  let i = 0;
  const attrAt = (at: number): string | undefined => {
    const step = steps[at];
    return step && 'attr' in step ? step.attr : undefined;
  };
  const keyAt = (at: number): string | undefined => {
    const step = steps[at];
    return step && 'key' in step ? step.key : undefined;
  };
  while (attrAt(i) === 'module' && attrAt(i + 1) !== undefined) {
    const name = attrAt(i + 1)!;
    const key = keyAt(i + 2);
    modules.push({ name, key: key ?? '' });
    i += key === undefined ? 2 : 3;
  }
  const mode = attrAt(i) === 'data' ? 'data' : 'managed';
  if (mode === 'data') i++;
  const type = attrAt(i);
  const name = attrAt(i + 1);
  if (type === undefined || name === undefined) return undefined;
  i += 2;
  const key = keyAt(i);
  if (key !== undefined) i++;
  return { modules, mode, type, name, key, rest: steps.slice(i) };
}

export function parseAddress(text: string): ResourceAddress | undefined {
  const steps = parseTraversal(text);
  return steps ? readAddress(steps) : undefined;
}

/** The resource as written in configuration: module path without instance keys, then `type.name`. */
export function configAddress(modulePath: readonly string[], mode: 'managed' | 'data', type: string, name: string): string {
  const parts: string[] = [];
  for (const m of modulePath) parts.push('module.', m, '.');
  if (mode === 'data') parts.push('data.');
  parts.push(type, '.', name);
  // Joined, not concatenated: `+` makes a tree of string pieces (one per `+`) that a plan's tens of
  // thousands of instances keep, each flattened into a copy the first time it is a map key.
  return parts.join('');
}

/**
 * Which module instances a lookup may land in: one key per module level, `null` for any instance
 * (a reference into `module.m.output` of a module with count/for_each names no single instance).
 */
export type KeyPattern = readonly (string | null)[];

export function keysMatch(keys: readonly string[], pattern: KeyPattern): boolean {
  if (keys.length !== pattern.length) return false;
  for (let i = 0; i < keys.length; i++) if (pattern[i] !== null && pattern[i] !== keys[i]) return false;
  return true;
}
