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

/** An instance's address as the adapter keeps it (see `InstanceAddresses`). */
export interface InstanceAddress {
  /** Module call names and instance keys from the root: one pair of arrays per module instance, shared and never written. */
  modulePath: string[];
  moduleKeys: string[];
  mode: 'managed' | 'data';
  type: string;
  name: string;
  key: string | undefined;
  configAddress: string;
}

/** The module part of an address, read once per module instance. */
interface ModulePart {
  modulePath: string[];
  moduleKeys: string[];
  /** `module.net.`: the module part without instance keys. */
  configPrefix: string;
  /** No module instance key: the configuration address is the address without its own key. */
  keyless: boolean;
}

// What `parseTraversal` reads the same way from any text: a step name without `.`, `[`, `]` or `"`,
// a key of up to 15 digits without a leading zero (its own normal form), and a string key without
// escapes, control characters or surrogates (ditto; see `isPlainJsonString`).
const STEP = '[A-Za-z0-9_-]+';
const KEY = '0|[1-9][0-9]{0,14}|"[^"\\\\\\x00-\\x1f\\ud800-\\udfff]*"';
const MODULE_STEP = `module\\.(${STEP})(?:\\[(${KEY})\\])?\\.`;
const PLAIN_ADDRESS = new RegExp(`^((?:module\\.${STEP}(?:\\[(?:${KEY})\\])?\\.)*)(data\\.)?(${STEP})\\.(${STEP})(?:\\[(${KEY})\\])?$`);

/**
 * Reads the addresses of one plan's instances. A plan writes tens of thousands of them, nearly all
 * plain (`module.net.aws_subnet.private[0]`): one regular expression reads those, and the instances
 * of one module instance share its arrays. Anything else goes through `parseAddress`; both give the
 * same answer for every text (test/graph/terraform-plan-address.test.ts compares them).
 */
export class InstanceAddresses {
  private readonly modules = new Map<string, ModulePart>();

  read(text: string): InstanceAddress | undefined {
    const match = text.length <= MAX_LENGTH ? PLAIN_ADDRESS.exec(text) : null;
    // `data` or `module` as a type without a `data.` before it is a mode or a module call to the parser.
    if (!match || (match[2] === undefined && (match[3] === 'module' || match[3] === 'data'))) return this.parsed(text);
    // Indexed, not destructured: an array pattern runs the iterator protocol, slow before V8 optimises.
    const data = match[2];
    const type = match[3]!;
    const name = match[4]!;
    const key = match[5];
    const part = this.modulePart(match[1]!);
    const mode = data === undefined ? 'managed' : 'data';
    // Without module keys the configuration address is the address without its own key (`[…]`).
    const configAddress = !part.keyless ? [part.configPrefix, data ?? '', type, '.', name].join('') : key === undefined ? text : text.slice(0, text.length - key.length - 2);
    return { modulePath: part.modulePath, moduleKeys: part.moduleKeys, mode, type, name, key, configAddress };
  }

  private modulePart(text: string): ModulePart {
    let part = this.modules.get(text);
    if (!part) {
      part = { modulePath: [], moduleKeys: [], configPrefix: '', keyless: true };
      for (const step of text.matchAll(new RegExp(MODULE_STEP, 'g'))) {
        const key = step[2] ?? '';
        part.modulePath.push(step[1]!);
        part.moduleKeys.push(key);
        if (key !== '') part.keyless = false;
      }
      part.configPrefix = part.modulePath.map((m) => `module.${m}.`).join('');
      this.modules.set(text, part);
    }
    return part;
  }

  private parsed(text: string): InstanceAddress | undefined {
    const parsed = parseAddress(text);
    if (!parsed) return undefined;
    const modulePath = parsed.modules.map((m) => m.name);
    return { modulePath, moduleKeys: parsed.modules.map((m) => m.key), mode: parsed.mode, type: parsed.type, name: parsed.name, key: parsed.key, configAddress: configAddress(modulePath, parsed.mode, parsed.type, parsed.name) };
  }
}
