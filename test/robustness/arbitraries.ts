/**
 * fast-check arbitraries for the robustness properties: random CloudFormation templates (resources
 * of the kinds the rules read, intrinsics pointing at random ids, Conditions, Parameters, Mappings,
 * Outputs with exports), their renderings (JSON, block YAML, flow YAML with short-form tags), and
 * random HCL expression trees rendered to `.tf` text.
 */
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { ALLOWED_RETENTION_DAYS } from '../../rules/log-group-retention.js';

// ── CloudFormation ──────────────────────────────────────────────────────────────────────────────

export const RESOURCE_IDS = ['Vpc', 'OtherVpc', 'FlowLog', 'Logs', 'Role', 'Policy', 'Bucket', 'Subnet', 'Child'] as const;
const PARAMETERS = ['Days', 'Traffic', 'VpcId', 'Env'] as const;
const CONDITIONS = ['IsProd', 'HasLogs', 'Loop'] as const;
const EXPORTS = ['shared-vpc', 'shared-role', 'loop'] as const;
const TYPES = [
  'AWS::EC2::VPC',
  'AWS::EC2::FlowLog',
  'AWS::Logs::LogGroup',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::S3::Bucket',
  'AWS::EC2::Subnet',
  'AWS::CloudFormation::Stack',
  'AWS::Lambda::Function',
] as const;
const RULE_IDS = ['vpc-flow-logs', 'log-group-retention', 'role-trust-principal', 'flow-log-delivery', 'parse-error', 'nope'];

const retention = fc.constantFrom(...ALLOWED_RETENTION_DAYS, 0, -1, 42, 400.5, 99999);
const text = fc.oneof(
  fc.constantFrom('ALL', 'REJECT', 'ACCEPT', 'all', 'VPC', 'Subnet', 'cloud-watch-logs', 's3', 'vpc-flow-logs.amazonaws.com', 'ec2.amazonaws.com', '*'),
  fc.constantFrom('arn:aws:iam::123456789012:role/flow', 'arn:aws:logs:eu-west-1:123456789012:log-group:app', 'arn:aws:s3:::bucket', 'vpc-0abc', '10.0.0.0/16'),
  fc.string({ maxLength: 8 }),
);
const scalar = fc.oneof(retention, text, fc.boolean(), fc.constant(null));
const anyName = fc.constantFrom<string>(...RESOURCE_IDS, ...PARAMETERS, 'AWS::AccountId', 'AWS::Region', 'AWS::StackName', 'AWS::NoValue', 'Missing');
const subPart = fc.oneof(
  fc.constantFrom('arn:aws:iam::', ':role/', '/vpc/', '-logs', 'x'),
  anyName.map((n) => `\${${n}}`),
  fc.constantFrom(...RESOURCE_IDS).map((id) => `\${${id}.Arn}`),
  fc.constant('${!Literal}'),
);
const subTemplate = fc.array(subPart, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));

/** A property value: scalars, lists, objects and every intrinsic the resolver knows, at random ids. */
export const cfnValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    scalar,
    anyName.map((name) => ({ Ref: name })),
    fc.tuple(fc.constantFrom(...RESOURCE_IDS), fc.constantFrom('Arn', 'Id', 'Outputs.Days', 'Outputs.VpcId', 'RetentionInDays')).map(([id, attr]) => ({ 'Fn::GetAtt': [id, attr] })),
    fc.tuple(fc.constantFrom(...RESOURCE_IDS), fc.constantFrom('Arn', 'Outputs.Name')).map(([id, attr]) => ({ 'Fn::GetAtt': `${id}.${attr}` })),
    subTemplate.map((template) => ({ 'Fn::Sub': template })),
    fc.tuple(subTemplate, fc.dictionary(fc.constantFrom('Vpc', 'Name', 'Days'), tie('value'), { maxKeys: 2 })).map(([template, vars]) => ({ 'Fn::Sub': [template, vars] })),
    fc.tuple(fc.constantFrom<string>(...CONDITIONS, 'Missing'), tie('value'), tie('value')).map(([condition, a, b]) => ({ 'Fn::If': [condition, a, b] })),
    fc.oneof(fc.constantFrom<unknown>(...EXPORTS, 'not-exported'), subTemplate.map((t) => ({ 'Fn::Sub': t }))).map((name) => ({ 'Fn::ImportValue': name })),
    fc.tuple(fc.constantFrom('Settings', 'Missing'), fc.oneof(fc.constantFrom('prod', 'dev'), fc.constant({ Ref: 'Env' })), fc.constantFrom('Days', 'Traffic')).map((args) => ({ 'Fn::FindInMap': args })),
    fc.tuple(fc.constantFrom('', ':', '/'), fc.array(tie('value'), { maxLength: 3 })).map((args) => ({ 'Fn::Join': args })),
    fc.tuple(fc.nat(3), fc.array(tie('value'), { maxLength: 3 })).map((args) => ({ 'Fn::Select': args })),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('Key', 'Value', 'Name', 'Days'), tie('value'), { maxKeys: 2 }),
  ),
})).value;

const conditionValue: fc.Arbitrary<unknown> = fc.letrec<{ condition: unknown }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.tuple(cfnValue, fc.constantFrom<unknown>('prod', 'ALL', 30, { Ref: 'Env' })).map((pair) => ({ 'Fn::Equals': pair })),
    fc.constantFrom(...CONDITIONS).map((name) => ({ Condition: name })),
    tie('condition').map((c) => ({ 'Fn::Not': [c] })),
    fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((cs) => ({ 'Fn::And': cs })),
    fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((cs) => ({ 'Fn::Or': cs })),
  ),
})).condition;

const policyDocument = fc.record(
  {
    Version: fc.constant('2012-10-17'),
    Statement: fc.array(
      fc.record(
        {
          Effect: fc.constantFrom('Allow', 'Deny'),
          Principal: fc.oneof(fc.constant('*'), fc.record({ Service: fc.oneof(fc.constantFrom('vpc-flow-logs.amazonaws.com', 'ec2.amazonaws.com', 'delivery.logs.amazonaws.com'), cfnValue) }), fc.record({ AWS: fc.oneof(fc.constant('*'), cfnValue) })),
          Action: fc.oneof(fc.constantFrom<unknown>('sts:AssumeRole', 'logs:*', '*', ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams']), cfnValue),
          Resource: cfnValue,
          Condition: fc.record({ StringEquals: fc.record({ 'aws:SourceAccount': cfnValue }) }),
        },
        { requiredKeys: ['Effect'] },
      ),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const properties = fc.record(
  {
    CidrBlock: cfnValue,
    ResourceType: fc.oneof(fc.constantFrom('VPC', 'Subnet', 'NetworkInterface'), cfnValue),
    ResourceId: cfnValue,
    TrafficType: fc.oneof(fc.constantFrom('ALL', 'REJECT', 'ACCEPT'), cfnValue),
    LogDestinationType: fc.oneof(fc.constantFrom('cloud-watch-logs', 's3'), cfnValue),
    LogDestination: cfnValue,
    LogGroupName: cfnValue,
    DeliverLogsPermissionArn: cfnValue,
    RetentionInDays: fc.oneof(retention, cfnValue),
    AssumeRolePolicyDocument: fc.oneof(policyDocument, cfnValue),
    Policies: fc.array(fc.record({ PolicyName: fc.constant('p'), PolicyDocument: policyDocument }), { maxLength: 2 }),
    PolicyDocument: policyDocument,
    Roles: fc.array(cfnValue, { maxLength: 2 }),
    VpcId: cfnValue,
    BucketName: cfnValue,
    // a.json and b.yaml are the files of the two-file property: stacks nest each other, or themselves.
    TemplateURL: fc.constantFrom('./child.yaml', 'https://s3.amazonaws.com/bucket/child.yaml', './a.json', 'b.yaml'),
    Parameters: fc.dictionary(fc.constantFrom('Days', 'VpcId', 'Name'), cfnValue, { maxKeys: 2 }),
    Role: cfnValue,
  },
  { requiredKeys: [] },
);

const resource = fc.record(
  {
    Type: fc.constantFrom(...TYPES),
    Condition: fc.constantFrom<string>(...CONDITIONS, 'Missing'),
    Properties: properties,
    Metadata: fc.record({ flowguard: fc.record({ ignore: fc.array(fc.record({ rule: fc.constantFrom(...RULE_IDS), reason: optional(fc.constantFrom('accepted risk', '')) }), { maxLength: 2 }) }) }),
    DependsOn: fc.constantFrom(...RESOURCE_IDS),
  },
  { requiredKeys: ['Type'] },
);

/** A whole template: always recognisable as CloudFormation (it has AWSTemplateFormatVersion). */
export const cfnTemplate = fc.record(
  {
    AWSTemplateFormatVersion: fc.constant('2010-09-09'),
    Parameters: fc.dictionary(
      fc.constantFrom(...PARAMETERS),
      fc.record({ Type: fc.constantFrom('String', 'Number', 'AWS::EC2::VPC::Id'), Default: fc.oneof(scalar, cfnValue) }, { requiredKeys: ['Type'] }),
      { maxKeys: 4 },
    ),
    Mappings: fc.constant({ Settings: { prod: { Days: 365, Traffic: 'ALL' }, dev: { Days: 7, Traffic: 'REJECT' } } }),
    Conditions: fc.dictionary(fc.constantFrom(...CONDITIONS), conditionValue, { maxKeys: 3 }),
    Resources: fc.dictionary(fc.constantFrom(...RESOURCE_IDS), resource, { minKeys: 1, maxKeys: 6 }),
    Outputs: fc.dictionary(
      fc.constantFrom('VpcId', 'Days', 'Name'),
      fc.record({ Value: cfnValue, Export: fc.record({ Name: fc.oneof(fc.constantFrom<unknown>(...EXPORTS), cfnValue) }) }, { requiredKeys: ['Value'] }),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: ['AWSTemplateFormatVersion', 'Resources'] },
);

/** Drops `undefined` (from optional fields) so that every rendering sees the same value. */
export function normalised(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

const SHORT_TAGS: Record<string, string> = {
  Ref: '!Ref',
  'Fn::GetAtt': '!GetAtt',
  'Fn::Sub': '!Sub',
  'Fn::If': '!If',
  'Fn::ImportValue': '!ImportValue',
  'Fn::FindInMap': '!FindInMap',
  'Fn::Join': '!Join',
  'Fn::Select': '!Select',
  'Fn::Equals': '!Equals',
  'Fn::Not': '!Not',
  'Fn::And': '!And',
  'Fn::Or': '!Or',
};

/**
 * YAML in flow style, intrinsics in their short form (`!Ref X`, `!GetAtt [A, Arn]`, `!Sub '…'`). A node
 * takes one tag only, so an intrinsic directly inside a tag stays long-form (`!ImportValue {Fn::Sub: …}`),
 * as CloudFormation's documentation says to write it.
 */
export function flowYaml(value: unknown, tagAllowed = true): string {
  if (Array.isArray(value)) return `[${value.map((item) => flowYaml(item)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const only = entries.length === 1 ? entries[0]! : undefined;
    if (tagAllowed && only && SHORT_TAGS[only[0]]) return `${SHORT_TAGS[only[0]]} ${flowYaml(only[1], false)}`;
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${flowYaml(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The same template as JSON, block YAML (long-form intrinsics) and YAML whose sections are written in
 * flow style with short-form tags. The top level stays a block mapping: a file that opens with `{` is
 * read as JSON (see the "YAML template written as one flow mapping" row of hostile.test.ts).
 */
export function renderings(template: unknown, indent: number): Record<'json' | 'block' | 'flow', string> {
  const sections = Object.entries(template as Record<string, unknown>).map(([key, value]) => `${JSON.stringify(key)}: ${flowYaml(value)}\n`);
  return {
    json: JSON.stringify(template, null, indent),
    block: dump(template, { indent: Math.max(indent, 2), lineWidth: -1 }),
    flow: sections.join(''),
  };
}

// ── HCL ─────────────────────────────────────────────────────────────────────────────────────────

export const LOCALS = ['l0', 'l1', 'l2', 'l3', 'l4'] as const;
const hclLiteral = fc.oneof(
  fc.constantFrom(...ALLOWED_RETENTION_DAYS.map(String), '0', '-1', '42', '1.5', '1e3'),
  fc.constantFrom('"ALL"', '"REJECT"', '"ACCEPT"', '"arn:aws:iam::123456789012:role/flow"', '"vpc-flow-logs.amazonaws.com"', '""', '"%{ if true }x%{ endif }"'),
  fc.constantFrom('true', 'false', 'null'),
);
const hclReference = fc.oneof(
  fc.constantFrom(...LOCALS).map((l) => `local.${l}`),
  fc.constantFrom('var.days', 'var.missing', 'aws_vpc.main.id', 'aws_vpc.main.arn', 'aws_cloudwatch_log_group.g.name', 'aws_cloudwatch_log_group.g.arn'),
  fc.constantFrom('aws_iam_role.r.arn', 'module.m.out', 'data.aws_iam_policy_document.p.json', 'aws_flow_log.f[0].id', 'aws_vpc.main[*].id', 'count.index', 'each.key', 'path.module'),
);
const FUNCTIONS = ['try', 'coalesce', 'max', 'min', 'length', 'lookup', 'jsonencode', 'jsondecode', 'tostring', 'tonumber', 'concat', 'merge', 'upper', 'element', 'flatten', 'toset', 'keys', 'values', 'format', 'join', 'split', 'replace', 'contains', 'range', 'abs', 'can'];

/** A random HCL expression, rendered with parentheses wherever precedence could matter. */
export const hclExpression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    hclLiteral,
    hclReference,
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc.dictionary(fc.constantFrom('a', 'b', 'name', 'id', '"quoted key"'), tie('expr'), { maxKeys: 3 }).map((o) => `{ ${Object.entries(o).map(([k, v]) => `${k} = ${v}`).join(', ')} }`),
    fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('-', '!'), tie('expr')).map(([op, a]) => `${op}(${a})`),
    tie('expr').map((e) => `"prefix-\${${e}}-suffix"`),
    fc.tuple(tie('expr'), tie('expr')).map(([collection, body]) => `[for x in ${collection} : ${body}]`),
    fc.tuple(tie('expr'), tie('expr')).map(([collection, body]) => `{ for k, v in ${collection} : k => ${body} }`),
    tie('expr').map((e) => `(${e})[0]`),
    tie('expr').map((e) => `(${e}).name`),
    tie('expr').map((e) => `(${e})[*].id`),
  ),
})).expr;

export interface HclModule {
  locals: string[];
  days: string;
  logGroup: { name: string; retention: string };
  flowLog: { count?: string; vpc: string; traffic: string; destination: string; role: string };
  trustService: string;
}

export const hclModule: fc.Arbitrary<HclModule> = fc.record({
  locals: fc.array(hclExpression, { minLength: LOCALS.length, maxLength: LOCALS.length }),
  days: hclLiteral,
  logGroup: fc.record({ name: hclExpression, retention: hclExpression }),
  flowLog: fc.record({ count: optional(hclExpression), vpc: hclExpression, traffic: hclExpression, destination: hclExpression, role: hclExpression }),
  trustService: hclExpression,
});

/** `.tf` text: a variable, locals that may refer to each other (cycles included) and the resources. */
export function renderHclModule(m: HclModule): string {
  return [
    'variable "days" {',
    `  default = ${m.days}`,
    '}',
    'locals {',
    ...m.locals.map((expr, i) => `  ${LOCALS[i]} = ${expr}`),
    '}',
    'resource "aws_vpc" "main" {',
    '  cidr_block = "10.0.0.0/16"',
    '}',
    'resource "aws_iam_role" "r" {',
    `  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = ${m.trustService} } }] })`,
    '}',
    'resource "aws_cloudwatch_log_group" "g" {',
    `  name              = ${m.logGroup.name}`,
    `  retention_in_days = ${m.logGroup.retention}`,
    '}',
    'resource "aws_flow_log" "f" {',
    ...(m.flowLog.count === undefined ? [] : [`  count                = ${m.flowLog.count}`]),
    `  vpc_id               = ${m.flowLog.vpc}`,
    `  traffic_type         = ${m.flowLog.traffic}`,
    '  log_destination_type = "cloud-watch-logs"',
    `  log_destination      = ${m.flowLog.destination}`,
    `  iam_role_arn         = ${m.flowLog.role}`,
    '}',
    '',
  ].join('\n');
}
