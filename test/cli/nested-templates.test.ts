/**
 * The built binary on a cfn-modules project: the modules' templates sit under `node_modules`, which
 * walks skip, and only the nested stacks' `TemplateURL`s lead to them. Named or walked, with one
 * thread or several, the run reads them and reports what the project deploys through them.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, ensureBuilt, expectOrderlyExit, parseSarif, REPO, resultsOf, runCli, uriOf } from './helpers.js';
import { removeScratch, scratch } from './scratch.js';

beforeAll(ensureBuilt, BUILD_TIMEOUT_MS);
afterEach(removeScratch);

const FIXTURE = join(REPO, 'fixtures/cloudformation/log-group-retention/cfn-modules-node-modules');
const FLOW_LOG_MODULE = 'node_modules/@cfn-modules/vpc/node_modules/@cfn-modules/vpc-flow-log/module.yml';

function project(): string {
  const dir = scratch();
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('a cfn-modules project (nested stacks under node_modules)', () => {
  it('reports the flow-log module\'s 14-day retention, whether the root template is named or walked', () => {
    const dir = project();
    const outputs = [['stack.yml'], ['.']].map((paths) => {
      const run = runCli([...paths, '--format', 'compact', '--rule', 'role-trust-principal=off'], { cwd: dir });
      expectOrderlyExit(run);
      expect(run.status, run.stderr).toBe(1);
      return run.stdout;
    });
    expect(outputs[0]).toContain(`${FLOW_LOG_MODULE}:58:24: error: Log group \`LogGroup\` keeps events for 14 days`);
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('gives the same SARIF on worker threads, and lists the modules as read, not linted', () => {
    const dir = project();
    const args = ['stack.yml', '--format', 'sarif'];
    const one = runCli([...args, '--jobs', '1'], { cwd: dir });
    const many = runCli([...args, '--jobs', '2'], { cwd: dir, env: { FLOWGUARD_PARALLEL_MIN_BYTES: '0' } });
    expectOrderlyExit(many);
    expect(many.stdout).toBe(one.stdout);
    const log = parseSarif(one.stdout);
    expect(resultsOf(log).map(uriOf)).toContain(FLOW_LOG_MODULE);
    const text = runCli(['stack.yml', '--no-color', '--rule', 'log-group-retention=off', '--rule', 'role-trust-principal=off', '--rule', 'vpc-flow-logs=off'], { cwd: dir });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/no problems in 1 file\b/);
  });
});
