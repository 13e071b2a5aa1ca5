/**
 * End to end on the real-world corpus: each Terraform unit folder (../shared/corpus) becomes one graph
 * through the `.tf` adapter, the rules run on it unchanged, and their findings are compared with the
 * Terraform rows of LABELS.tsv: a `fail` must be reported at error level, a `pass` must not be
 * reported above note level, an `unknown` must never be a definite error. A label names the calling
 * root's file and the address from the root; a finding is matched through its logical file.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Level, RuleFinding } from '../../src/core/finding.js';
import type { ResourceGraph } from '../../src/graph/model.js';
import { RULES } from '../../rules/index.js';
import { formatMessage } from '../../src/engine/finalize.js';
import { GraphBuilder } from '../../src/graph/builder.js';
import { addTerraformSource } from '../../src/graph/terraform/index.js';
import { diskHost, graphOfDir, parseSource } from './terraform-helpers.js';
import { CORPUS, CORPUS_AVAILABLE, readLabels, type Label } from '../helpers/corpus.js';

const UNITS = ['terraform-aws-modules-vpc', 'aws-ia-terraform-aws-vpc', 'checkov'];

interface Found {
  ruleId: string;
  level: Level;
  file: string;
  resourceId: string;
  message: string;
}

function terraformLabels(): Label[] {
  return readLabels().filter((l) => UNITS.includes(l.unit) && l.file.endsWith('.tf'));
}

/** Every rule on the graph, at its default level (or the finding's own lower level). */
function runRules(graph: ResourceGraph): Found[] {
  return RULES.flatMap((rule) =>
    rule.check(graph, Object.fromEntries(Object.entries(rule.meta.options).map(([k, o]) => [k, o.default]))).map((f: RuleFinding) => ({
      ruleId: rule.meta.id,
      level: f.level ?? rule.meta.defaultLevel,
      file: f.logicalFile ?? f.span.file,
      resourceId: f.resourceId,
      message: formatMessage(rule.meta.messages[f.messageId] ?? f.messageId, f.data),
    })),
  );
}

const available = CORPUS_AVAILABLE;

describe.skipIf(!available)('Terraform corpus labels through the .tf adapter', () => {
  const labels = available ? terraformLabels() : [];
  const findings = new Map<string, Found[]>();
  const findingsOf = (unit: string): Found[] => {
    if (!findings.has(unit)) findings.set(unit, runRules(graphOfDir(resolve(CORPUS, unit))));
    return findings.get(unit)!;
  };

  it('has Terraform labels to check', () => {
    expect(labels.length).toBeGreaterThanOrEqual(20);
  });

  for (const label of labels) {
    it(`${label.unit}: ${label.verdict} ${label.rule} ${label.resource} in ${label.file}`, () => {
      const matching = findingsOf(label.unit).filter(
        (f) => f.file === label.file && f.ruleId === label.rule && f.resourceId.replace(/\[[^\]]*\]/g, '') === label.resource,
      );
      const errors = matching.filter((f) => f.level === 'error');
      const blocking = matching.filter((f) => f.level !== 'note');
      if (label.verdict === 'fail') expect(errors.map((f) => f.message), label.reason).not.toEqual([]);
      else if (label.verdict === 'pass') expect(blocking.map((f) => f.message), label.reason).toEqual([]);
      else expect(errors.map((f) => f.message), label.reason).toEqual([]);
    });
  }
});

/**
 * tfsec#2024 and trivy#4963: the flow log that terraform-aws-modules/vpc creates with
 * `enable_flow_log = true` (count from a local, `vpc_id = local.vpc_id` through `try()`) was not
 * seen as covering the module's VPC. A root outside the corpus (in memory) calls the module.
 */
function rootCalling(body: string): Found[] {
  const unit = resolve(CORPUS, 'terraform-aws-modules-vpc');
  const text = `module "vpc" {\n  source = "../../"\n  name   = "peer"\n  cidr   = "10.0.0.0/16"\n${body}}\n`;
  const root = parseSource({ absolutePath: resolve(unit, 'examples/flowguard-peer/main.tf'), path: 'examples/flowguard-peer/main.tf', text });
  const builder = new GraphBuilder();
  addTerraformSource([root], builder, diskHost(unit));
  return runRules(builder.build()).filter((f) => f.level !== 'note');
}

describe.skipIf(!available)('false positives of other scanners on terraform-aws-modules/vpc', () => {
  it('sees the module flow log to CloudWatch with its own role and log group (tfsec#2024)', () => {
    const found = rootCalling('  enable_flow_log                      = true\n  create_flow_log_cloudwatch_iam_role  = true\n  create_flow_log_cloudwatch_log_group = true\n  flow_log_cloudwatch_log_group_retention_in_days = 365\n');
    expect(found.map((f) => `${f.ruleId} ${f.resourceId} ${f.message}`)).toEqual([]);
  });

  it('sees the module flow log to S3 (trivy#4963)', () => {
    const found = rootCalling('  enable_flow_log           = true\n  flow_log_destination_type = "s3"\n  flow_log_destination_arn  = "arn:aws:s3:::central-flow-logs"\n');
    expect(found.map((f) => `${f.ruleId} ${f.resourceId} ${f.message}`)).toEqual([]);
  });

  it('warns that a module flow log to CloudWatch without a role or log group (their "" defaults) cannot deliver, and so covers no VPC', () => {
    // EC2 refuses a CloudWatch Logs flow log that names no log group: the apply fails, and the VPC has none.
    const found = rootCalling('  enable_flow_log = true\n');
    expect(found.map((f) => `${f.ruleId} ${f.level} ${f.resourceId} ${f.message.replace(/:.*/, '')}`)).toEqual([
      'vpc-flow-logs error module.vpc.aws_vpc.this[0] VPC `module.vpc.aws_vpc.this[0]` has no flow log capturing REJECT or ALL traffic; `module.vpc.aws_flow_log.this[0]` delivers to CloudWatch Logs but names no log group, which EC2 refuses, so it is never created',
      'flow-log-delivery warning module.vpc.aws_flow_log.this[0] Flow log `module.vpc.aws_flow_log.this[0]` delivers to CloudWatch Logs but names no log group',
      'flow-log-delivery warning module.vpc.aws_flow_log.this[0] Flow log `module.vpc.aws_flow_log.this[0]` delivers to CloudWatch Logs without a delivery role',
    ]);
  });

  it('still reports the VPC when the flow log captures ACCEPT only', () => {
    const found = rootCalling('  enable_flow_log           = true\n  flow_log_traffic_type     = "ACCEPT"\n  flow_log_destination_type = "s3"\n  flow_log_destination_arn  = "arn:aws:s3:::central-flow-logs"\n');
    expect(found.map((f) => `${f.ruleId} ${f.resourceId}`)).toEqual(['vpc-flow-logs module.vpc.aws_vpc.this[0]']);
  });
});

if (!available) {
  describe('Terraform corpus labels', () => {
    it.skip(`skipped: corpus not found at ${CORPUS}`, () => {});
  });
}
