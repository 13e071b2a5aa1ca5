/**
 * Rough syntax checks for the graph renderers, without Mermaid or Graphviz installed: every line of
 * the output must be one of the statement shapes the renderer writes, braces and quotes balance,
 * and every edge names declared nodes. Returns the parsed statements so tests can look at them.
 */

export interface MermaidChart {
  nodes: Map<string, string>;
  edges: { from: string; to: string; arrow: string; label: string }[];
  subgraphs: { id: string; title: string; nodes: string[] }[];
  classes: Map<string, string[]>;
  classDefs: string[];
  linkStyles: { indexes: number[]; style: string }[];
}

const MERMAID_ID = '[A-Za-z0-9_]+';
const QUOTED = '"([^"]*)"';
const SHAPES = ['\\[\\(', '\\)\\]', '\\(\\[', '\\]\\)', '\\[\\[', '\\]\\]', '\\{\\{', '\\}\\}', '\\[/', '/\\]', '\\[', '\\]', '\\(', '\\)'];
const NODE = new RegExp(`^ {4}(${MERMAID_ID})(${SHAPES.filter((_, i) => i % 2 === 0).join('|')})${QUOTED}(${SHAPES.filter((_, i) => i % 2 === 1).join('|')})$`);
const EDGE = new RegExp(`^ {2}(${MERMAID_ID}) (-->|-\\.->)\\|${QUOTED}\\| (${MERMAID_ID})$`);
/** A group node (several nodes a link may lead to), outside every subgraph, and its unlabelled links to its members. */
const GROUP = new RegExp(`^ {2}(g_${MERMAID_ID})\\(\\(${QUOTED}\\)\\)$`);
const MEMBER_EDGE = new RegExp(`^ {2}(g_${MERMAID_ID}) -\\.-> (${MERMAID_ID})$`);
const SUBGRAPH = new RegExp(`^ {2}subgraph (${MERMAID_ID}) \\[${QUOTED}\\]$`);

/** Entity-encoded text may hold no character that ends a quoted label or a piped edge label. */
function checkLabel(label: string, line: string): void {
  if (/["|]/.test(label)) throw new Error(`unescaped character in label: ${line}`);
  for (const entity of label.match(/#[^;\s]*;?/g) ?? []) {
    if (!/^#(\d+|[a-z]+);$/.test(entity)) throw new Error(`raw '#' in label (Mermaid reads #…; as an entity): ${line}`);
  }
}

export function parseMermaid(text: string): MermaidChart {
  if (!text.endsWith('\n')) throw new Error('output must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines[0] !== 'flowchart LR') throw new Error(`first line must be "flowchart LR", got ${lines[0]}`);
  const chart: MermaidChart = { nodes: new Map(), edges: [], subgraphs: [], classes: new Map(), classDefs: [], linkStyles: [] };
  let open: MermaidChart['subgraphs'][number] | undefined;
  for (const line of lines.slice(1)) {
    let m: RegExpMatchArray | null;
    if (/^ {2}%% [^\n]*$/.test(line)) continue;
    if ((m = line.match(/^ {2}classDef (\w+) ([\w#:,. -]+)$/))) {
      chart.classDefs.push(m[1]!);
    } else if ((m = line.match(SUBGRAPH))) {
      if (open) throw new Error(`nested subgraph: ${line}`);
      checkLabel(m[2]!, line);
      open = { id: m[1]!, title: m[2]!, nodes: [] };
      chart.subgraphs.push(open);
    } else if (line === '  end') {
      if (!open) throw new Error('"end" without subgraph');
      open = undefined;
    } else if ((m = line.match(NODE))) {
      if (!open) throw new Error(`node outside a subgraph: ${line}`);
      if (chart.nodes.has(m[1]!)) throw new Error(`node declared twice: ${m[1]}`);
      checkLabel(m[3]!, line);
      chart.nodes.set(m[1]!, m[3]!);
      open.nodes.push(m[1]!);
    } else if ((m = line.match(EDGE))) {
      checkLabel(m[3]!, line);
      chart.edges.push({ from: m[1]!, arrow: m[2]!, label: m[3]!, to: m[4]! });
    } else if (!open && (m = line.match(GROUP))) {
      if (chart.nodes.has(m[1]!)) throw new Error(`node declared twice: ${m[1]}`);
      checkLabel(m[2]!, line);
      chart.nodes.set(m[1]!, m[2]!);
    } else if ((m = line.match(MEMBER_EDGE))) {
      chart.edges.push({ from: m[1]!, arrow: '-.->', label: '', to: m[2]! });
    } else if ((m = line.match(new RegExp(`^ {2}class (${MERMAID_ID}(?:,${MERMAID_ID})*) (\\w+)$`)))) {
      chart.classes.set(m[2]!, m[1]!.split(','));
    } else if ((m = line.match(/^ {2}linkStyle (\d+(?:,\d+)*) ([\w#:,. -]+)$/))) {
      chart.linkStyles.push({ indexes: m[1]!.split(',').map(Number), style: m[2]! });
    } else {
      throw new Error(`not a statement the renderer writes: ${JSON.stringify(line)}`);
    }
  }
  if (open) throw new Error('subgraph not closed');
  const subgraphIds = new Set(chart.subgraphs.map((s) => s.id));
  for (const id of chart.nodes.keys()) if (subgraphIds.has(id)) throw new Error(`node and subgraph share id ${id}`);
  for (const edge of chart.edges) {
    if (!chart.nodes.has(edge.from) || !chart.nodes.has(edge.to)) throw new Error(`edge endpoint not declared: ${edge.from} -> ${edge.to}`);
  }
  for (const [name, ids] of chart.classes) {
    if (!chart.classDefs.includes(name)) throw new Error(`class ${name} has no classDef`);
    for (const id of ids) if (!chart.nodes.has(id)) throw new Error(`class on undeclared node ${id}`);
  }
  for (const style of chart.linkStyles) {
    for (const i of style.indexes) if (i >= chart.edges.length) throw new Error(`linkStyle ${i} out of range`);
  }
  return chart;
}

export interface DotGraph {
  clusters: { id: string; nodes: string[] }[];
  nodes: Map<string, Record<string, string>>;
  edges: { from: string; to: string; attrs: Record<string, string> }[];
}

type Token = { t: 'id' | 'string' | 'punct'; v: string };

/** DOT tokens: quoted strings (with `\"` and `\\` escapes), identifiers, `->`, punctuation; `//` comments skipped. */
export function tokenizeDot(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"') {
      let value = '';
      i++;
      while (true) {
        if (i >= text.length) throw new Error('unterminated string');
        const d = text[i]!;
        if (d === '"') break;
        if (d === '\n') throw new Error('raw newline in a string');
        if (d === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (d === '\\' && text[i + 1] === 'n') {
          value += '\n';
          i += 2;
          continue;
        }
        if (d === '\\') throw new Error(`stray backslash in string at ${i}`);
        value += d;
        i++;
      }
      i++;
      tokens.push({ t: 'string', v: value });
    } else if (text.startsWith('->', i)) {
      tokens.push({ t: 'punct', v: '->' });
      i += 2;
    } else if ('{}[];,='.includes(c)) {
      tokens.push({ t: 'punct', v: c });
      i++;
    } else {
      const m = text.slice(i).match(/^[A-Za-z0-9_.]+/);
      if (!m) throw new Error(`unexpected character ${JSON.stringify(c)} at ${i}`);
      tokens.push({ t: 'id', v: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/** Parses the subset of DOT the renderer writes: a digraph of attribute, cluster, node and edge statements. */
export function parseDot(text: string): DotGraph {
  const tokens = tokenizeDot(text);
  let p = 0;
  const peek = (k = 0): Token | undefined => tokens[p + k];
  const next = (): Token => {
    const t = tokens[p++];
    if (!t) throw new Error('unexpected end of input');
    return t;
  };
  const expect = (v: string): void => {
    const t = next();
    if (t.t !== 'punct' || t.v !== v) throw new Error(`expected ${v}, got ${t.v}`);
  };
  const attrList = (): Record<string, string> => {
    expect('[');
    const attrs: Record<string, string> = {};
    while (!(peek()?.t === 'punct' && peek()?.v === ']')) {
      const key = next();
      if (key.t !== 'id') throw new Error(`attribute name expected, got ${key.v}`);
      expect('=');
      const value = next();
      if (value.t === 'punct') throw new Error(`attribute value expected for ${key.v}`);
      attrs[key.v] = value.v;
      if (peek()?.t === 'punct' && peek()?.v === ',') p++;
    }
    expect(']');
    return attrs;
  };
  const graph: DotGraph = { clusters: [], nodes: new Map(), edges: [] };
  const body = (cluster: DotGraph['clusters'][number] | undefined): void => {
    expect('{');
    while (!(peek()?.t === 'punct' && peek()?.v === '}')) {
      const t = next();
      if (t.t === 'id' && ['graph', 'node', 'edge'].includes(t.v) && peek()?.v === '[') {
        attrList();
      } else if (t.t === 'id' && t.v === 'subgraph') {
        const id = next();
        if (id.t !== 'string' || !id.v.startsWith('cluster_')) throw new Error(`cluster id expected, got ${id.v}`);
        if (cluster) throw new Error('nested cluster');
        const inner = { id: id.v, nodes: [] as string[] };
        graph.clusters.push(inner);
        body(inner);
        continue; // a subgraph statement needs no `;`
      } else if (t.t === 'id' && peek()?.v === '=') {
        p++;
        const value = next();
        if (value.t === 'punct') throw new Error(`value expected for ${t.v}`);
      } else if (t.t === 'string' && peek()?.v === '->') {
        p++;
        const to = next();
        if (to.t !== 'string') throw new Error('edge target must be a quoted id');
        graph.edges.push({ from: t.v, to: to.v, attrs: attrList() });
      } else if (t.t === 'string' && peek()?.v === '[') {
        if (graph.nodes.has(t.v)) throw new Error(`node declared twice: ${t.v}`);
        graph.nodes.set(t.v, attrList());
        cluster?.nodes.push(t.v);
      } else {
        throw new Error(`unexpected ${t.v}`);
      }
      expect(';');
    }
    expect('}');
  };
  const head = next();
  if (head.v !== 'digraph') throw new Error('must start with digraph');
  if (peek()?.t === 'id') p++;
  body(undefined);
  if (p !== tokens.length) throw new Error('text after the closing brace');
  for (const edge of graph.edges) {
    if (!graph.nodes.has(edge.from) || !graph.nodes.has(edge.to)) throw new Error(`edge endpoint not declared: ${edge.from} -> ${edge.to}`);
  }
  return graph;
}

/** Braces outside quoted strings balance (a cheaper, independent check). */
export function bracesBalance(text: string): boolean {
  let depth = 0;
  for (const token of tokenizeDot(text)) {
    if (token.t !== 'punct') continue;
    if (token.v === '{') depth++;
    if (token.v === '}' && --depth < 0) return false;
  }
  return depth === 0;
}
