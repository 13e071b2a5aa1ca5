/** A collection the YAML builder has opened and not yet closed. */
export interface Frame {
  value: Record<string, unknown> | unknown[];
  /** Its last entry in the span store so far (-1: none), and how many it has. */
  last: number;
  count: number;
  isMap: boolean;
  flow: boolean;
  /** Where the collection itself starts (`{`, `[`, first key or first `-`). */
  start: number;
  /** Where the node starts, tag and anchor included. */
  nodeStart: number;
  /** End of the last key or child written so far. */
  lastEnd: number;
  /** A mapping whose key has been read and whose value is awaited. */
  hasKey: boolean;
  key: string;
  keyStart: number;
  keyEnd: number;
  /** Collection nesting below and including this one, aliases expanded. */
  height: number;
  /** The builder's expanded-node count when this collection opened: its own size is the difference. */
  expandedAtStart: number;
  /** Long-form key for a CloudFormation short-form tag on this collection (`Fn::If` for `!If [...]`). */
  function: string | undefined;
  tagStart: number;
  tagEnd: number;
  anchor: string | undefined;
  /** The value awaited is that of a YAML merge key (`<<: *defaults`). */
  merging: boolean;
  /** Keys a merge key brought in: an explicit key may replace them (YAML's merge rules), not repeat them. */
  merged: Set<string> | undefined;
}

export function newFrame(isMap: boolean, start: number, flow: boolean, expandedAtStart: number): Frame {
  return {
    value: isMap ? {} : [],
    last: -1,
    count: 0,
    isMap,
    flow,
    start,
    nodeStart: start,
    lastEnd: start,
    hasKey: false,
    key: '',
    keyStart: -1,
    keyEnd: -1,
    height: 1,
    expandedAtStart,
    function: undefined,
    tagStart: -1,
    tagEnd: -1,
    anchor: undefined,
    merging: false,
    merged: undefined,
  };
}

/** A flow collection ends at its closing bracket, just after its last child (commas, comments between). */
export function flowEnd(text: string, frame: Frame): number {
  if (text[frame.start] !== (frame.isMap ? '{' : '[')) return frame.lastEnd; // `[a: b]`: implicit pair
  const close = frame.isMap ? '}' : ']';
  let i = frame.count > 0 || frame.hasKey ? frame.lastEnd : frame.start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === close) return i + 1;
    if (c === '#') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === ',' || c === ':' || c === '?') i++;
    else break;
  }
  return frame.lastEnd;
}
