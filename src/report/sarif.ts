/**
 * SARIF 2.1.0 (SPEC §4): one run, valid against the OASIS schema and GitHub code scanning's ingestion
 * rules, byte-identical for the same input (sorted, no timestamps, no absolute paths).
 */
import type { Finding, Level, RelatedLocation, ToolNotification } from '../core/finding.js';
import type { LintResult } from '../core/result.js';
import type { RuleMeta } from '../core/rule.js';
import type { Region } from '../core/source.js';
import { loadRuleHelp, RULE_PAGES_DIR } from './help.js';
import { prettyJsonPieces, StreamedArray } from './json-pieces.js';
import { withRelatedLinks } from './sarif-links.js';
import type {
  SarifLocation,
  SarifLog,
  SarifNotification,
  SarifPhysicalLocation,
  SarifResult,
  SarifRule,
  SarifRun,
} from './sarif-types.js';
import { cleanPath, normalizeRegion, sortFindings, sortNotifications, sortRules } from './shared.js';

export type * from './sarif-types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/flowguard/flowguard';
/** The key baselines match on; bump the suffix if the fingerprint recipe ever changes. */
export const FINGERPRINT_KEY = 'flowguard/v1';
/**
 * Related locations kept a result. GitHub code scanning stores only the first 100 (and its documented
 * hard limit, past which it rejects the whole upload, is 1,000), so a role shared by 150 flow logs
 * would otherwise have message links to locations GitHub dropped. The message still names them all.
 */
export const MAX_RELATED_LOCATIONS = 100;

export interface SarifOptions {
  /** Where the rule help pages live; tests point it at a temporary folder. */
  rulePages?: URL;
}

export function helpUriOf(ruleId: string): string {
  return `${INFORMATION_URI}/blob/main/rules/${encodeURIComponent(ruleId)}.md`;
}

export function toSarif(result: LintResult, tool: { version: string }, options: SarifOptions = {}): SarifLog {
  return sarifLog(result, tool, options, (results) => [...results]);
}

/** `toSarif` as the bytes the CLI writes: 2-space JSON and a trailing newline. */
export function formatSarif(result: LintResult, tool: { version: string }, options: SarifOptions = {}): string {
  return [...sarifPieces(result, tool, options)].join('');
}

/**
 * `formatSarif` in pieces, for a writer: each result is made and printed only when its turn comes, so
 * no report is ever one string (see json-pieces.ts) and the results' objects are never all alive.
 */
export function* sarifPieces(result: LintResult, tool: { version: string }, options: SarifOptions = {}): Generator<string> {
  const log = sarifLog(result, tool, options, (results) => new StreamedArray(results));
  yield* prettyJsonPieces(log, STREAMED_DEPTH);
  yield '\n';
}

/** Where `runs[0].results` sits: the log, `runs`, the run; the objects above it are printed entry by entry. */
const STREAMED_DEPTH = 3;

function sarifLog<Results>(
  result: LintResult,
  tool: { version: string },
  options: SarifOptions,
  collect: (results: Iterable<SarifResult>) => Results,
): Omit<SarifLog, 'runs'> & { runs: [Omit<SarifRun, 'results'> & { results: Results }] } {
  const findings = sortFindings(result.findings);
  const rules = rulesFor(result.rules, findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const pages = options.rulePages ?? RULE_PAGES_DIR;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'flowguard',
            version: tool.version,
            // SARIF's semanticVersion must be SemVer; a dev build's odd version string is left out.
            ...(isSemVer(tool.version) ? { semanticVersion: tool.version } : {}),
            informationUri: INFORMATION_URI,
            rules: rules.map((rule) => ruleDescriptor(rule, pages)),
          },
        },
        invocations: [
          {
            executionSuccessful: result.executionSuccessful,
            toolExecutionNotifications: sortNotifications(result.notifications).map(notification),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: collect(mapped(findings, (finding) => sarifResult(finding, ruleIndex.get(finding.ruleId)!))),
      },
    ],
  };
}

function* mapped<T, U>(items: readonly T[], map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/**
 * The run's rules sorted by id, plus a minimal descriptor for any rule a finding names but the
 * engine did not list, so every result still has a valid `ruleIndex`.
 */
function rulesFor(listed: readonly RuleMeta[], findings: readonly Finding[]): RuleMeta[] {
  const known = new Set(listed.map((rule) => rule.id));
  const extra: RuleMeta[] = [];
  for (const finding of findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    extra.push({
      id: finding.ruleId,
      name: nameFor(finding.ruleId),
      shortDescription: finding.ruleId,
      fullDescription: finding.ruleId,
      defaultLevel: finding.level,
      securitySeverity: '',
      tags: ['security'],
      messages: {},
      options: {},
    });
  }
  return sortRules([...listed, ...extra]);
}

function ruleDescriptor(rule: RuleMeta, pages: URL): SarifRule {
  const help = loadRuleHelp(rule.id, pages) ?? { text: rule.fullDescription, markdown: rule.fullDescription };
  const tags = rule.tags.includes('security') ? [...rule.tags] : [...rule.tags, 'security'];
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.shortDescription },
    fullDescription: { text: rule.fullDescription },
    help: { text: help.text, markdown: help.markdown },
    helpUri: helpUriOf(rule.id),
    defaultConfiguration: { level: rule.defaultLevel },
    properties: {
      tags,
      // Without a score GitHub ranks the alert by `level` alone, which is what an unscored rule wants.
      ...(rule.securitySeverity !== '' ? { 'security-severity': rule.securitySeverity } : {}),
      precision: 'high',
      'problem.severity': problemSeverity(rule.defaultLevel),
    },
  };
}

function problemSeverity(level: Level): 'error' | 'warning' | 'recommendation' {
  return level === 'note' ? 'recommendation' : level;
}

function sarifResult(finding: Finding, ruleIndex: number): SarifResult {
  const file = cleanPath(finding.file);
  const location: SarifLocation = { physicalLocation: physicalLocation(file, finding.region) };
  if (finding.resourceId !== undefined && finding.resourceId !== '') {
    location.logicalLocations = [logicalLocation(finding.logicalFile ? cleanPath(finding.logicalFile) : file, finding.resourceId)];
  }
  const related = finding.related.slice(0, MAX_RELATED_LOCATIONS);
  const result: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.level,
    message: { text: withRelatedLinks(finding.message, related) },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
  };
  if (related.length > 0) result.relatedLocations = related.map(relatedLocation);
  if (finding.suppressions && finding.suppressions.length > 0) {
    result.suppressions = finding.suppressions.map((s) =>
      s.justification === '' ? { kind: s.kind } : { kind: s.kind, justification: s.justification },
    );
  }
  return result;
}

function relatedLocation(related: RelatedLocation, index: number): SarifLocation {
  const file = cleanPath(related.file);
  // SARIF ids are 1-based here so a message can link "[flow log](1)" without an id 0 surprise.
  const location: SarifLocation = { id: index + 1, physicalLocation: physicalLocation(file, related.region) };
  if (related.resourceId !== undefined && related.resourceId !== '') {
    location.logicalLocations = [logicalLocation(file, related.resourceId)];
  }
  location.message = { text: related.message };
  return location;
}

function notification(n: ToolNotification): SarifNotification {
  const out: SarifNotification = { level: n.level, message: { text: n.message } };
  if (n.file !== undefined && n.file !== '') {
    const physical: SarifPhysicalLocation = { artifactLocation: { uri: toUriReference(cleanPath(n.file)) } };
    if (n.region) physical.region = normalizeRegion(n.region);
    out.locations = [{ physicalLocation: physical }];
  }
  return out;
}

function physicalLocation(file: string, region: Region): SarifPhysicalLocation {
  return { artifactLocation: { uri: toUriReference(file) }, region: normalizeRegion(region) };
}

function logicalLocation(file: string, resourceId: string): { name: string; fullyQualifiedName: string; kind: 'resource' } {
  return { name: resourceId, fullyQualifiedName: `${file}#${resourceId}`, kind: 'resource' };
}

/**
 * A repository-relative path as a relative URI reference: percent-encode what a URI cannot hold
 * (spaces, `%`, non-ASCII) or would misread (`#` and `?`, and a `:` in the first segment, which
 * would look like a scheme). GitHub decodes these back to the file path.
 */
export function toUriReference(path: string): string {
  const encoded = encodeURI(path).replace(/[#?]/g, (c) => encodeURIComponent(c));
  const slash = encoded.indexOf('/');
  const first = slash === -1 ? encoded : encoded.slice(0, slash);
  return first.includes(':') ? first.replace(/:/g, '%3A') + encoded.slice(first.length) : encoded;
}

/** PascalCase of the id; SARIF validators reject a name equal to the id, so a one-word id gets "Rule". */
function nameFor(id: string): string {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  return name.toLowerCase() === id.toLowerCase() ? `${name}Rule` : name;
}

function isSemVer(version: string): boolean {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version);
}
