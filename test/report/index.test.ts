import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCompact } from '../../src/report/compact.js';
import { formatGithub } from '../../src/report/github.js';
import { formatReport, isReportFormat, REPORT_FORMATS } from '../../src/report/index.js';
import type { ReportFormat } from '../../src/report/index.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import { sampleResult } from './sample-result.js';

describe('formatReport', () => {
  it('dispatches each format to its formatter', async () => {
    const result = sampleResult();
    const options = { toolVersion: '1.2.3', color: true, cwd: 'infra' };
    expect(await formatReport('text', result, options)).toBe(formatText(result, { color: true, cwd: 'infra' }));
    expect(await formatReport('text', result, { toolVersion: '1.2.3' })).toBe(formatText(result, { color: false }));
    expect(await formatReport('sarif', result, options)).toBe(formatSarif(result, { version: '1.2.3' }));
    expect(await formatReport('json', result, options)).toBe(formatJson(result));
    expect(await formatReport('compact', result, options)).toBe(formatCompact(result));
    expect(await formatReport('github', result, options)).toBe(formatGithub(result));
  });

  it('knows its formats and rejects others', async () => {
    expect(REPORT_FORMATS).toEqual(['text', 'sarif', 'json', 'compact', 'github']);
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('xml')).toBe(false);
    await expect(formatReport('xml' as ReportFormat, sampleResult(), { toolVersion: '1.0.0' })).rejects.toThrow(/unknown report format "xml"/);
  });

  it('loads formatters only on demand (no static import of any of them)', () => {
    const source = readFileSync(new URL('../../src/report/index.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^import(?! type)[^;]*from '\.\/(?:text|sarif|json|compact|github)\.js'/m);
    for (const name of REPORT_FORMATS) expect(source).toContain(`await import('./${name}.js')`);
  });
});
