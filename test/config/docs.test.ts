/**
 * The examples of `docs/integrations.md` are real: configuration files validate, the error listing is
 * what flowguard prints for the file below, workflows and the pre-commit configuration parse and have
 * the parts the text promises.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { ConfigError } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { LIMIT_KINDS } from '../../src/engine/options.js';
import { PEER_RULE_IDS } from '../../src/graph/suppression-ids.js';
import { parseYaml } from '../../src/parse/yaml.js';

const PAGE = readFileSync(new URL('../../docs/integrations.md', import.meta.url), 'utf8');
const metas = RULES.map((rule) => rule.meta);

/** The fenced blocks of the page with their language. */
function blocks(language: string): string[] {
  const found: string[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(PAGE); match; match = fence.exec(PAGE)) if (match[1] === language) found.push(match[2]!);
  return found;
}

function yaml(text: string): unknown {
  const parsed = parseYaml({ absolutePath: 'docs', path: 'docs', text });
  if (!parsed.ok) throw new Error(`${parsed.problem.message}\n${text}`);
  return parsed.document.value;
}

interface Workflow {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
}

describe('docs/integrations.md', () => {
  it('its configuration file example validates', () => {
    const configs = blocks('yaml').filter((b) => b.startsWith('# .flowguard.yaml'));
    expect(configs).toHaveLength(1);
    expect(parseConfig(configs[0]!, '.flowguard.yaml', metas)).toEqual({
      rules: {
        'vpc-flow-logs': { level: 'error' },
        'flow-log-delivery': { level: 'off' },
        'log-group-retention': { level: 'warning', options: { minimumDays: 90, requireExplicit: true } },
      },
      ignore: ['vendor/legacy-templates/**', 'cdk.out/*.assets.json'],
      limits: { maxFileSize: 536870912 },
    });
  });

  it('its `limits` list, and that of docs/limits.md, name every limit the configuration file takes', () => {
    const limitsPage = readFileSync(new URL('../../docs/limits.md', import.meta.url), 'utf8');
    const listed = (text: string, from: string): string[] => {
      const start = text.indexOf(from);
      expect(start, from).toBeGreaterThan(-1);
      const paragraph = text.slice(start, text.indexOf('\n\n', start) === -1 ? undefined : text.indexOf('\n\n', start));
      return [...paragraph.matchAll(/`((?:max|file)[A-Za-z]+)`/g)].map((m) => m[1]!).sort();
    };
    const names = Object.keys(LIMIT_KINDS).sort();
    expect(listed(PAGE, '- **`limits`**')).toEqual(names);
    expect(listed(limitsPage, 'Every limit can also be set')).toEqual(names);
  });

  it('its error listing is what flowguard prints', () => {
    const bad = 'rules:\n  flow-log-delivery: off\n  vpc-flowlogs: off\n  log-group-retention:\n    level: warn\n    options:\n      minimumDays: 90\n      minDays: 90\n      requireExplicit: yes\n';
    let printed = '';
    try {
      parseConfig(bad, '.flowguard.yaml', metas);
    } catch (error) {
      printed = (error as ConfigError).message;
    }
    const listing = blocks('text').find((b) => b.startsWith('.flowguard.yaml:'));
    expect(listing).toBe(`${printed}\n`);
  });

  it('its workflows have the permission, the steps and the upload with a category', () => {
    const workflows = blocks('yaml').filter((b) => b.startsWith('# .github/workflows/')).map((b) => yaml(b) as Workflow);
    expect(workflows).toHaveLength(2);
    for (const workflow of workflows) {
      // actions: read lets upload-sarif read the workflow run in a private repository.
      expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
      const steps = Object.values(workflow.jobs)[0]!.steps;
      // Actions that run on Node 24, and a Node.js that is still maintained (20 reached its end in April 2026).
      expect(steps[0]!.uses).toBe('actions/checkout@v6');
      expect(steps[1]).toMatchObject({ uses: 'actions/setup-node@v6', with: { 'node-version': 24 } });
    }
    const [withAction, plain] = workflows;
    expect(Object.values(withAction!.jobs)[0]!.steps[2]!.uses).toMatch(/^flowguard\/flowguard@/);
    const steps = Object.values(plain!.jobs)[0]!.steps;
    const run = steps.find((s) => s.run?.includes('flowguard'))?.run;
    expect(run).toContain('--format sarif --output flowguard.sarif');
    // A pinned revision of the repository: never whatever is published under the name.
    expect(run).toMatch(/npx --yes github:flowguard\/flowguard#\S+ /);
    expect(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))?.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))?.with).toEqual({ sarif_file: 'flowguard.sarif', category: 'flowguard' });
  });

  it('its pre-commit configuration uses the flowguard hook', () => {
    const config = blocks('yaml').find((b) => b.startsWith('# .pre-commit-config.yaml'));
    expect(yaml(config!)).toMatchObject({ repos: [{ hooks: [{ id: 'flowguard' }] }] });
  });

  it('its suppression example parses, and the peer table matches src/graph/suppression-ids.ts', () => {
    const metadata = blocks('yaml').find((b) => b.includes('flowguard:\n        ignore:'));
    expect(yaml(metadata!)).toMatchObject({ SandboxVpc: { Metadata: { flowguard: { ignore: [{ rule: 'vpc-flow-logs' }] } } } });
    for (const ids of Object.values(PEER_RULE_IDS)) {
      for (const [id, rule] of Object.entries(ids)) expect(PAGE).toMatch(new RegExp(`\`${id}\`[^\\n]*\\| \`${rule}\` \\|`));
    }
    expect(PAGE).toContain('`W84` is deliberately not honoured');
  });
});
