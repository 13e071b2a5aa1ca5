/**
 * `yamldecode()` in a module folder outside the run: `flowguard env/prod` reads `../../modules/…` only
 * to resolve the module call, so the run's own source never names the function, and the async driver
 * did not load the decoder (graph-build.ts `graphNeeds`): the retention it decodes was unknown, and a
 * 90-day log group went unreported. The build now notes the missing decoder, and the driver loads it
 * and builds again. The root names no yamldecode() itself, not even in a comment. The folder is outside any git work tree on purpose: inside one, the module folder
 * is read with the run and the decoder was loaded all along
 * (fixtures/terraform/log-group-retention/retention-from-yaml-in-a-module-outside-the-run).
 */
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { lintSync } from '../../src/engine/lint-sync.js';
import { removeDir, tempDir } from '../cli/helpers.js';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/terraform/log-group-retention/retention-from-yaml-in-a-module-outside-the-run');

let dir: string;
beforeAll(() => {
  dir = tempDir('flowguard-yamldecode-outside-');
  cpSync(join(FIXTURE, 'env'), join(dir, 'env'), { recursive: true });
  cpSync(join(FIXTURE, 'modules'), join(dir, 'modules'), { recursive: true });
});
afterAll(() => removeDir(dir));

const EXPECTED = {
  ruleId: 'log-group-retention',
  resourceId: 'module.orders_logs.aws_cloudwatch_log_group.service',
  file: 'modules/service-logs/main.tf',
  message: expect.stringContaining('keeps events for 90 days (from a value set in modules/service-logs/settings.yaml)'),
};

describe('yamldecode() in a module folder outside the run', () => {
  it('is decoded by lint(), which loads the decoder once the build asks for it', async () => {
    const result = await lint(['env/prod'], { cwd: dir });
    expect(result.files).toEqual(['env/prod/main.tf']);
    expect(result.findings).toEqual([expect.objectContaining(EXPECTED)]);
  });

  it('is decoded by lintSync(), which has every module at hand', () => {
    expect(lintSync(['env/prod'], { cwd: dir }).findings).toEqual([expect.objectContaining(EXPECTED)]);
  });
});
