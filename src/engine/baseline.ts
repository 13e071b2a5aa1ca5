/**
 * Baselines (`--baseline FILE.sarif`): a previous run's SARIF output lists the findings a team has
 * accepted for now. A finding whose fingerprint (`partialFingerprints["flowguard/v1"]`: rule, file and
 * resource, never the line) is in it stays in the output, marked suppressed (`kind: "external"`), and
 * no longer counts for the exit code; anything new is reported as usual.
 */
import type { Finding } from '../core/finding.js';
import type { LintResult } from '../core/result.js';
import { readRegularFile } from '../discover/read-regular.js';
import { describeFsError } from '../discover/walk.js';
import { readJsonShaped, type JsonShape } from './baseline-json.js';

/** Must match `FINGERPRINT_KEY` in `src/report/sarif.ts` (not imported: the engine does not load reporters). */
export const BASELINE_FINGERPRINT_KEY = 'flowguard/v1';

export interface Baseline {
  /** The file as the user named it; it appears in each suppression's justification. */
  label: string;
  fingerprints: ReadonlySet<string>;
}

export type BaselineResult = { ok: true; baseline: Baseline } | { ok: false; message: string };

/** Reads a baseline file; a file that cannot be read or is not flowguard SARIF is an error, not an empty baseline. */
export function readBaseline(path: string, label: string = path): BaselineResult {
  let bytes: Buffer;
  try {
    // Named by the user, so a pipe is read too: `--baseline <(git show main:flowguard.sarif)`.
    bytes = readRegularFile(path, undefined, { pipe: true });
  } catch (error) {
    return { ok: false, message: `cannot read baseline ${label}: ${describeFsError(error)}` };
  }
  return parseBaseline(bytes, label);
}

/**
 * The members of a SARIF log that `parseBaseline` reads; a result's message, locations and the rest
 * are checked as JSON but never built (baseline-json.ts).
 */
const BASELINE_SHAPE: JsonShape = {
  members: {
    version: 'all',
    runs: { items: { members: { tool: 'all', results: { items: { members: { partialFingerprints: 'all', suppressions: 'all' } } } } } },
  },
};

/** A baseline's content: the file's bytes (UTF-8, as a file is read), or its text. */
export function parseBaseline(content: Uint8Array | string, label: string): BaselineResult {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  // A byte-order mark (EF BB BF) is no JSON, and no reason to refuse the file.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let log: unknown;
  const shaped = readJsonShaped(bytes, BASELINE_SHAPE, start);
  if (shaped) log = shaped.value;
  else {
    // Not JSON (JSON.parse of the text says why, as it always did), or nested deeper than the shaped
    // reader goes (JSON.parse reads it whole).
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start).toString('utf8');
    try {
      log = JSON.parse(text);
    } catch (error) {
      return { ok: false, message: `baseline ${label} is not a SARIF file: not valid JSON (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  if (!isObject(log) || !Array.isArray(log['runs']) || typeof log['version'] !== 'string') {
    return { ok: false, message: `baseline ${label} is not a SARIF file: expected a SARIF 2.1.0 log with "version" and "runs" (write one with --format sarif --output ${label})` };
  }
  if (log['version'] !== '2.1.0') return { ok: false, message: `baseline ${label} is SARIF ${log['version']}; flowguard reads SARIF 2.1.0` };
  const fingerprints = new Set<string>();
  let ours = 0;
  for (const run of log['runs']) {
    if (!isObject(run) || !isObject(run['tool']) || !isObject(run['tool']['driver']) || run['tool']['driver']['name'] !== 'flowguard') continue;
    ours++;
    const results = Array.isArray(run['results']) ? run['results'] : [];
    for (const result of results) {
      const fingerprint = isObject(result) && isObject(result['partialFingerprints']) ? result['partialFingerprints'][BASELINE_FINGERPRINT_KEY] : undefined;
      if (typeof fingerprint === 'string' && !onlySuppressedInSource(result)) fingerprints.add(fingerprint);
    }
  }
  if (ours === 0) return { ok: false, message: `baseline ${label} has no flowguard run (no run with tool.driver.name "flowguard"); make it with flowguard --format sarif` };
  return { ok: true, baseline: { label, fingerprints } };
}

/** The result with every finding in the baseline marked suppressed; the others are left as they are. */
export function applyBaseline(result: LintResult, baseline: Baseline): LintResult {
  if (baseline.fingerprints.size === 0) return result;
  const justification = `in baseline ${baseline.label}`;
  const findings = result.findings.map((finding): Finding => {
    if (!baseline.fingerprints.has(finding.fingerprint)) return finding;
    return { ...finding, suppressions: [...(finding.suppressions ?? []), { kind: 'external', justification }] };
  });
  return { ...result, findings };
}

/**
 * A result an inline suppression already hid was not accepted by the baseline: it was never reported.
 * Left out, it comes back when the suppression is removed, as it would without a baseline. (One the
 * baseline of its own run also suppressed, `kind: "external"`, was accepted and stays.)
 */
function onlySuppressedInSource(result: Record<string, unknown>): boolean {
  const suppressions = result['suppressions'];
  return Array.isArray(suppressions) && suppressions.length > 0 && suppressions.every((s) => isObject(s) && s['kind'] === 'inSource');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
