// Renders one template model as CloudFormation JSON (long form: Ref, Fn::GetAtt, Fn::Join) or YAML
// (short-form tags: !Ref, !GetAtt, !Sub, !If, !Select, …), the way people write each by hand.

class Fn {
  constructor(kind, args) {
    this.kind = kind;
    this.args = args;
  }
}

export const ref = (name) => new Fn('Ref', name);
export const getAtt = (resource, attribute) => new Fn('GetAtt', [resource, attribute]);
/** A string assembled from text and references: `!Sub` in YAML, `Fn::Join` in JSON. */
export const sub = (...parts) => new Fn('Sub', parts);
export const importValue = (name) => new Fn('ImportValue', name);
export const ifCond = (condition, yes, no) => new Fn('If', [condition, yes, no]);
export const equals = (a, b) => new Fn('Equals', [a, b]);
export const az = (index) => new Fn('Select', [index, new Fn('GetAZs', '')]);

// ---------------------------------------------------------------- JSON

function longForm(value) {
  if (value instanceof Fn) {
    const { kind, args } = value;
    switch (kind) {
      case 'Ref':
        return { Ref: args };
      case 'GetAtt':
        return { 'Fn::GetAtt': args };
      case 'Sub':
        return { 'Fn::Join': ['', args.map(longForm)] };
      case 'ImportValue':
        return { 'Fn::ImportValue': longForm(args) };
      case 'GetAZs':
        return { 'Fn::GetAZs': args };
      default:
        return { [`Fn::${kind}`]: args.map(longForm) };
    }
  }
  if (Array.isArray(value)) return value.map(longForm);
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = longForm(v);
    return out;
  }
  return value;
}

export function renderJson(template) {
  return `${JSON.stringify(longForm(template), null, 2)}\n`;
}

// ---------------------------------------------------------------- YAML

const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@()-]*( [A-Za-z0-9_./@()-]+)*$/;

function scalar(value, flow = false) {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = String(value);
  if (PLAIN.test(s) && !RESERVED.test(s) && !(flow && /[,[\]{}]/.test(s))) return s;
  return `'${s.replace(/'/g, "''")}'`;
}

function subText(parts) {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p.kind === 'Ref') return `\${${p.args}}`;
      if (p.kind === 'GetAtt') return `\${${p.args[0]}.${p.args[1]}}`;
      throw new Error(`cannot embed ${p.kind} in !Sub`);
    })
    .join('');
}

/** A value that fits on one line (scalars, short-form functions, empty collections), else undefined. */
function inline(value, flow = false) {
  if (value instanceof Fn) {
    const { kind, args } = value;
    switch (kind) {
      case 'Ref':
        return `!Ref ${args}`;
      case 'GetAtt':
        return `!GetAtt ${args[0]}.${args[1]}`;
      case 'Sub':
        return `!Sub ${scalar(subText(args), true)}`;
      case 'ImportValue':
        // Short-form !ImportValue cannot wrap a short-form !Sub: CloudFormation users write a
        // constant name, or the long-form key around the !Sub (below, as a mapping).
        return typeof args === 'string' ? `!ImportValue ${scalar(args, flow)}` : undefined;
      case 'GetAZs':
        return `!GetAZs ${scalar(args, true) === '' ? "''" : scalar(args, true)}`;
      default:
        return `!${kind} [${args.map((a) => inline(a, true) ?? JSON.stringify(longForm(a))).join(', ')}]`;
    }
  }
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0 ? '{}' : undefined;
  if (typeof value === 'string' && value.includes('\n')) return undefined;
  return scalar(value, flow);
}

function writeEntry(key, value, indent, lines) {
  const pad = ' '.repeat(indent);
  const k = scalar(key);
  if (value instanceof Fn && value.kind === 'ImportValue' && typeof value.args !== 'string') {
    lines.push(`${pad}${k}:`, `${pad}  Fn::ImportValue: ${inline(value.args)}`);
    return;
  }
  const one = inline(value);
  if (one !== undefined) lines.push(`${pad}${k}: ${one}`);
  else if (typeof value === 'string') {
    lines.push(`${pad}${k}: |`);
    for (const line of value.replace(/\n$/, '').split('\n')) lines.push(line === '' ? '' : `${pad}  ${line}`);
  } else if (Array.isArray(value)) {
    lines.push(`${pad}${k}:`);
    writeSeq(value, indent + 2, lines);
  } else {
    lines.push(`${pad}${k}:`);
    writeMap(value, indent + 2, lines);
  }
}

function writeMap(map, indent, lines) {
  for (const [k, v] of Object.entries(map)) writeEntry(k, v, indent, lines);
}

function writeSeq(items, indent, lines) {
  const pad = ' '.repeat(indent);
  for (const item of items) {
    const one = inline(item);
    if (one !== undefined) {
      lines.push(`${pad}- ${one}`);
      continue;
    }
    const inner = [];
    if (Array.isArray(item)) writeSeq(item, indent + 2, inner);
    else writeMap(item, indent + 2, inner);
    inner[0] = `${pad}- ${inner[0].slice(indent + 2)}`;
    lines.push(...inner);
  }
}

export function renderYaml(template) {
  const lines = [];
  writeMap(template, 0, lines);
  return `${lines.join('\n')}\n`;
}
