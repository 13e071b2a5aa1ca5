/** Turns rule output into reportable findings: message text, level, regions, fingerprints, order. */
import type { Finding, Level, RelatedLocation, RelatedSpan, RuleFinding } from '../core/finding.js';
import { fingerprintOf } from '../core/hash.js';
import type { RuleMeta } from '../core/rule.js';
import { LineIndex, type Region, type Span } from '../core/source.js';

/** Line indexes per file, built only for files that have a finding. */
export class Regions {
  private readonly indexes = new Map<string, LineIndex>();
  /** Related locations made of each related span (see `relatedLocationOf`). */
  readonly relatedLocations = new WeakMap<RelatedSpan, RelatedLocation>();

  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  of(span: Span): Region {
    let index = this.indexes.get(span.file);
    if (!index) {
      index = new LineIndex(this.texts.get(span.file) ?? '');
      this.indexes.set(span.file, index);
    }
    return widen(index.region(span.start, span.end));
  }

  /** The text a span covers, if the file was read. */
  textOf(span: Span): string | undefined {
    return this.texts.get(span.file)?.slice(span.start, span.end);
  }
}

/** Longest number text quoted as written. */
const MAX_WRITTEN_NUMBER = 64;

/**
 * `data` with each placeholder of `writtenAt` replaced by the text of the first span that writes
 * its number (quotes, YAML's or JSON's, around it allowed): `1e400` for `Infinity`.
 */
function asWritten(raw: RuleFinding, regions: Regions): Record<string, string | number> | undefined {
  if (!raw.writtenAt) return raw.data;
  const data = { ...raw.data };
  for (const [name, spans] of Object.entries(raw.writtenAt)) {
    const value = data[name];
    if (typeof value !== 'number') continue;
    for (const span of spans) {
      const text = regions.textOf(span)?.trim().replace(/^(["'])(.*)\1$/, '$2').trim();
      if (text === undefined || text === '' || text.length > MAX_WRITTEN_NUMBER || !/^[-+]?(0x[0-9a-f]+|0o[0-7]+|[0-9._e+-]+|\.inf)$/i.test(text)) continue;
      const read = /^[-+]?\.inf$/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text.replace(/_/g, ''));
      if (read === value) {
        data[name] = text;
        break;
      }
    }
  }
  return data;
}

/** SARIF viewers and editors need a non-empty range; an empty span gets one column. */
function widen(region: Region): Region {
  if (region.endLine === region.startLine && region.endColumn <= region.startColumn) {
    return { ...region, endColumn: region.startColumn + 1 };
  }
  return region;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return shortenQuoted(template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole)));
}

/** A message longer than this has its long quoted names shortened (`shortenQuoted`). */
const LONG_MESSAGE = 2_000;
/** Longest quoted name a long message keeps whole; longer ones keep their start and end. */
const LONGEST_QUOTED = 200;

/**
 * Messages quote names as written (`declares no resource \`VpcFlowLogRole\``), and an input may
 * write a name of 200,000 characters: that message filled every report format and the editor's
 * problem panel with one name. In a long message, a quoted name longer than 200 characters keeps its
 * first 120 and last 40, and says how long it is; the finding's region still points at it in full.
 */
export function shortenQuoted(message: string): string {
  if (message.length <= LONG_MESSAGE) return message;
  return message.replace(new RegExp(`\`([^\`]{${LONGEST_QUOTED + 1},})\``, 'g'), (_whole, name: string) => `\`${name.slice(0, 120)}…${name.slice(-40)}\` (${name.length.toLocaleString('en-US')} characters)`);
}

const RANK: Record<Level, number> = { note: 0, warning: 1, error: 2 };

/** A finding's level: the configured rule level, lowered (never raised) by the rule's own override. */
export function levelOf(configured: Level, override: Level | undefined): Level {
  if (!override) return configured;
  return RANK[override] < RANK[configured] ? override : configured;
}

export function atLeast(level: Level, threshold: Level): boolean {
  return RANK[level] >= RANK[threshold];
}

export function toFinding(meta: RuleMeta, level: Level, raw: RuleFinding, regions: Regions): Finding {
  const template = meta.messages[raw.messageId] ?? raw.messageId;
  const related: RelatedLocation[] = (raw.related ?? []).map((r) => relatedLocationOf(r, regions));
  const identity = raw.key ? `${raw.resourceId}#${raw.key}` : raw.resourceId;
  return {
    ruleId: meta.id,
    level: levelOf(level, raw.level),
    message: formatMessage(template, asWritten(raw, regions)),
    file: raw.span.file,
    region: regions.of(raw.span),
    // A finding about no resource (a suppression comment on no block) has no resource id, as a parse error.
    ...(raw.resourceId !== '' ? { resourceId: raw.resourceId } : {}),
    ...(raw.logicalFile !== undefined && raw.logicalFile !== raw.span.file ? { logicalFile: raw.logicalFile } : {}),
    related,
    fingerprint: fingerprintOf(meta.id, raw.logicalFile ?? raw.span.file, identity),
  };
}

/**
 * A related span as a finding's related location, one object for each span: the rules hand the same
 * span to every finding it belongs to (the flow logs 2,000 VPCs may each be targeted by), and a copy
 * for each finding was 200,000 objects. Findings are plain data that nothing changes once made.
 */
function relatedLocationOf(r: RelatedSpan, regions: Regions): RelatedLocation {
  let located = regions.relatedLocations.get(r);
  if (!located) {
    located = {
      file: r.span.file,
      region: regions.of(r.span),
      message: shortenQuoted(r.message),
      ...(r.resourceId !== undefined ? { resourceId: r.resourceId } : {}),
      ...(r.createdBy?.length ? { createdBy: r.createdBy } : {}),
      ...(r.logicalFile !== undefined ? { logicalFile: r.logicalFile } : {}),
    };
    regions.relatedLocations.set(r, located);
  }
  return located;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compare(a.file, b.file) ||
    a.region.startLine - b.region.startLine ||
    a.region.startColumn - b.region.startColumn ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.resourceId ?? '', b.resourceId ?? '') ||
    compare(a.message, b.message)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
