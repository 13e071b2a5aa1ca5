// CloudFormation inputs: one large template (networks with flow logs, security groups, Lambda functions
// with their roles and log groups) and a tree of small stacks that link to each other with exports and
// imports. About one network in seven breaks a rule on purpose, so findings (and their positions) are
// part of the measured work, as in a real repository.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { az, equals, getAtt, ifCond, importValue, ref, renderJson, renderYaml, sub } from './cfn-render.mjs';
import { SERVICES, TEAMS, rng } from './random.mjs';

const STACK = ref('AWS::StackName');

function tags(r, name, team) {
  return [
    { Key: 'Name', Value: sub(STACK, `-${name}`) },
    { Key: 'Team', Value: team },
    { Key: 'CostCenter', Value: `cc-${r.int(1000, 9999)}` },
    { Key: 'Environment', Value: ref('Environment') },
  ];
}

function trust(service, extra = {}) {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...extra }],
  };
}

/** A VPC with public and private subnets, routing, a security group and (usually) a flow log. */
function network(r, resources, p, i, team, options = {}) {
  const vpc = `${p}Vpc`;
  const igw = `${p}InternetGateway`;
  resources[vpc] = {
    Type: 'AWS::EC2::VPC',
    Properties: { CidrBlock: `10.${i % 250}.0.0/16`, EnableDnsSupport: true, EnableDnsHostnames: true, Tags: tags(r, `${p.toLowerCase()}-vpc`, team) },
  };
  resources[igw] = { Type: 'AWS::EC2::InternetGateway', Properties: { Tags: tags(r, `${p.toLowerCase()}-igw`, team) } };
  resources[`${p}GatewayAttachment`] = { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref(vpc), InternetGatewayId: ref(igw) } };
  for (const tier of ['Public', 'Private']) {
    resources[`${p}${tier}RouteTable`] = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref(vpc), Tags: tags(r, `${p.toLowerCase()}-${tier.toLowerCase()}`, team) } };
    for (const [n, zone] of [[0, 'A'], [1, 'B']]) {
      const subnet = `${p}${tier}Subnet${zone}`;
      resources[subnet] = {
        Type: 'AWS::EC2::Subnet',
        Properties: {
          VpcId: ref(vpc),
          CidrBlock: `10.${i % 250}.${(tier === 'Public' ? 0 : 100) + n * 16}.0/20`,
          AvailabilityZone: az(n),
          MapPublicIpOnLaunch: tier === 'Public',
          Tags: tags(r, `${p.toLowerCase()}-${tier.toLowerCase()}-${zone.toLowerCase()}`, team),
        },
      };
      resources[`${subnet}RouteTableAssociation`] = {
        Type: 'AWS::EC2::SubnetRouteTableAssociation',
        Properties: { SubnetId: ref(subnet), RouteTableId: ref(`${p}${tier}RouteTable`) },
      };
    }
  }
  resources[`${p}PublicDefaultRoute`] = {
    Type: 'AWS::EC2::Route',
    DependsOn: `${p}GatewayAttachment`,
    Properties: { RouteTableId: ref(`${p}PublicRouteTable`), DestinationCidrBlock: '0.0.0.0/0', GatewayId: ref(igw) },
  };
  resources[`${p}AppSecurityGroup`] = {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: `Application traffic for ${team} network ${i}`,
      VpcId: ref(vpc),
      SecurityGroupIngress: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8', Description: 'HTTPS from the corporate network' },
        { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: `10.${i % 250}.0.0/16`, Description: 'Service port inside the VPC' },
        { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: `10.${i % 250}.100.0/20`, Description: 'PostgreSQL from private subnets' },
      ],
      SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0', Description: 'All outbound' }],
      Tags: tags(r, `${p.toLowerCase()}-app`, team),
    },
  };
  if (options.noFlowLog) return;
  const group = `${p}FlowLogGroup`;
  const role = `${p}FlowLogRole`;
  resources[group] = {
    Type: 'AWS::Logs::LogGroup',
    DeletionPolicy: 'Retain',
    Properties: { LogGroupName: sub('/aws/vpc/', STACK, `/${p.toLowerCase()}`), RetentionInDays: options.shortRetention ? 30 : ref('RetentionDays') },
  };
  resources[role] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: trust(options.wrongTrust ? 'ec2.amazonaws.com' : 'vpc-flow-logs.amazonaws.com', {
        Condition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
      }),
      Policies: [
        {
          PolicyName: 'deliver-flow-logs',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
                Resource: getAtt(group, 'Arn'),
              },
            ],
          },
        },
      ],
      Tags: tags(r, `${p.toLowerCase()}-flow-logs`, team),
    },
  };
  resources[`${p}FlowLog`] = {
    Type: 'AWS::EC2::FlowLog',
    Properties: {
      ResourceId: ref(vpc),
      ResourceType: 'VPC',
      TrafficType: r.pick(['ALL', 'ALL', 'REJECT']),
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: ref(group),
      DeliverLogsPermissionArn: getAtt(role, 'Arn'),
      MaxAggregationInterval: 60,
      Tags: tags(r, `${p.toLowerCase()}-flow-log`, team),
    },
  };
}

const CODE = `import json
import os
import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    records = event.get("Records", [])
    for record in records:
        body = json.loads(record["body"])
        TABLE.put_item(Item={"pk": body["id"], "sk": body.get("kind", "event"), "payload": body})
    return {"statusCode": 200, "body": json.dumps({"processed": len(records)})}
`;

/** A Lambda function in a VPC, its execution role and its log group. */
function lambda(r, resources, p, team, subnets, securityGroup) {
  const role = `${p}ExecutionRole`;
  const fn = `${p}Function`;
  resources[role] = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: trust('lambda.amazonaws.com'),
      ManagedPolicyArns: [
        'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
      ],
      Policies: [
        {
          PolicyName: 'table-access',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
                Resource: sub('arn:aws:dynamodb:', ref('AWS::Region'), ':', ref('AWS::AccountId'), `:table/${team}-${p.toLowerCase()}`),
              },
              { Effect: 'Allow', Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: '*' },
            ],
          },
        },
      ],
    },
  };
  resources[fn] = {
    Type: 'AWS::Lambda::Function',
    Properties: {
      FunctionName: sub(STACK, `-${p.toLowerCase()}`),
      Runtime: r.pick(['python3.12', 'python3.11']),
      Handler: 'index.handler',
      Role: getAtt(role, 'Arn'),
      Timeout: r.pick([30, 60, 300]),
      MemorySize: r.pick([256, 512, 1024]),
      Environment: { Variables: { TABLE_NAME: `${team}-${p.toLowerCase()}`, LOG_LEVEL: ifCond('IsProduction', 'INFO', 'DEBUG'), POWERTOOLS_SERVICE_NAME: team } },
      VpcConfig: { SubnetIds: subnets.map(ref), SecurityGroupIds: [ref(securityGroup)] },
      Code: { ZipFile: CODE },
      Tags: tags(r, `${p.toLowerCase()}-fn`, team),
    },
  };
  resources[`${p}LogGroup`] = {
    Type: 'AWS::Logs::LogGroup',
    Properties: { LogGroupName: sub('/aws/lambda/', ref(fn)), RetentionInDays: r.pick([400, 731, 1827]) },
  };
}

function header(description) {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description,
    Parameters: {
      Environment: { Type: 'String', Default: 'staging', AllowedValues: ['dev', 'staging', 'production'] },
      RetentionDays: { Type: 'Number', Default: 400, Description: 'Days to keep flow logs' },
    },
    Conditions: { IsProduction: equals(ref('Environment'), 'production') },
  };
}

/** One large template with exactly `count` resources (CloudFormation's own limit is 500). */
export function largeTemplate(count, seed = 1) {
  const r = rng(seed);
  const resources = {};
  const outputs = {};
  for (let i = 0; Object.keys(resources).length < count; i++) {
    const team = TEAMS[i % TEAMS.length];
    const p = `Net${i}`;
    network(r, resources, p, i, team, { noFlowLog: i % 7 === 3, shortRetention: i % 11 === 5, wrongTrust: i % 13 === 6 });
    outputs[`${p}VpcId`] = { Value: ref(`${p}Vpc`), Export: { Name: sub(STACK, `-${p}-VpcId`) } };
    for (let j = 0; j < 4; j++) lambda(r, resources, `${p}Worker${j}`, team, [`${p}PrivateSubnetA`, `${p}PrivateSubnetB`], `${p}AppSecurityGroup`);
  }
  const names = Object.keys(resources).slice(0, count);
  const kept = Object.fromEntries(names.map((n) => [n, resources[n]]));
  // Drop references to resources cut off at the end, so the template stays valid.
  for (const [name, output] of Object.entries(outputs)) if (!kept[output.Value.args]) delete outputs[name];
  return { ...header(`Shared networking and workers (${count} resources)`), Resources: kept, Outputs: outputs };
}

/** One small stack (about 2 KB) of a service folder; `kind` 0–9 picks what it holds. */
function smallTemplate(r, team, service, kind, exportBase) {
  const resources = {};
  const outputs = {};
  const base = header(`${team}/${service} stack ${kind}`);
  const vpcExport = `${exportBase}-VpcId`;
  if (kind === 0 || kind === 8) {
    // A network stack; kind 0 leaves its flow log to the logging stack (kind 1), kind 8 has its own.
    const vpc = 'Vpc';
    resources[vpc] = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: `10.${r.int(0, 250)}.0.0/16`, EnableDnsSupport: true, Tags: tags(r, `${service}-vpc`, team) } };
    for (const zone of ['A', 'B']) {
      resources[`Subnet${zone}`] = {
        Type: 'AWS::EC2::Subnet',
        Properties: { VpcId: ref(vpc), CidrBlock: `10.${r.int(0, 250)}.${zone === 'A' ? 0 : 16}.0/20`, AvailabilityZone: az(zone === 'A' ? 0 : 1) },
      };
    }
    resources.RouteTable = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: ref(vpc) } };
    if (kind === 8) {
      resources.FlowLog = {
        Type: 'AWS::EC2::FlowLog',
        Properties: { ResourceId: ref(vpc), ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: sub('arn:aws:s3:::', team, '-flow-logs-', ref('AWS::AccountId')) },
      };
    } else outputs.VpcId = { Value: ref(vpc), Export: { Name: vpcExport } };
  } else if (kind === 1) {
    // Logging stack: covers the VPC of the kind-0 stack next to it through an import.
    resources.FlowLogGroup = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `/aws/vpc/${team}/${service}`, RetentionInDays: r.chance(0.1) ? 14 : 400 } };
    resources.FlowLogRole = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: trust('vpc-flow-logs.amazonaws.com'),
        Policies: [
          {
            PolicyName: 'deliver',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'], Resource: getAtt('FlowLogGroup', 'Arn') }],
            },
          },
        ],
      },
    };
    resources.FlowLog = {
      Type: 'AWS::EC2::FlowLog',
      Properties: {
        ResourceId: importValue(vpcExport),
        ResourceType: 'VPC',
        TrafficType: 'REJECT',
        LogGroupName: ref('FlowLogGroup'),
        DeliverLogsPermissionArn: getAtt('FlowLogRole', 'Arn'),
      },
    };
  } else if (kind >= 2 && kind <= 5) {
    resources.QueueSecurityGroup = {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: `${service} worker ${kind}`, VpcId: importValue(vpcExport), SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }] },
    };
    lambda(r, resources, `Worker${kind}`, team, [], 'QueueSecurityGroup');
    resources[`Worker${kind}Function`].Properties.VpcConfig.SubnetIds = ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'];
  } else if (kind === 6 || kind === 7) {
    resources.DatabaseSecurityGroup = {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: `${service} database`,
        VpcId: importValue(vpcExport),
        SecurityGroupIngress: [
          { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIp: '10.0.0.0/8', Description: 'PostgreSQL' },
          { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6379, CidrIp: '10.0.0.0/8', Description: 'Redis' },
        ],
        Tags: tags(r, `${service}-db`, team),
      },
    };
    resources.AuditLogGroup = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: sub('/', team, `/${service}/audit-`, ref('Environment')), RetentionInDays: 3653 } };
  } else {
    for (const name of ['Access', 'Application', 'Audit', 'Debug']) {
      resources[`${name}LogGroup`] = {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: `/${team}/${service}/${name.toLowerCase()}`, RetentionInDays: name === 'Debug' ? 7 : 400, Tags: tags(r, name.toLowerCase(), team) },
      };
    }
  }
  return { ...base, Resources: resources, ...(Object.keys(outputs).length ? { Outputs: outputs } : {}) };
}

/**
 * `count` small templates as `<root>/<team>/<service>/stack-<n>.{yaml,json}`, ten per service folder
 * and a hundred per team folder. Imports only reach stacks of the same service, so every team folder
 * is a self-contained 1/10 of the tree. Returns the files written with their sizes and syntax.
 */
export function writeTemplateTree(root, count, seed = 7) {
  const r = rng(seed);
  const files = [];
  for (let i = 0; i < count; i++) {
    const t = Math.floor(i / 100);
    const s = Math.floor(i / 10) % 10;
    const kind = i % 10;
    const team = `${TEAMS[t % TEAMS.length]}${t >= TEAMS.length ? t : ''}`;
    const service = SERVICES[s];
    const dir = join(root, `team-${String(t).padStart(2, '0')}-${team}`, service);
    mkdirSync(dir, { recursive: true });
    const template = smallTemplate(r, team, service, kind, `${team}-${service}`);
    const json = (i * 7) % 10 < 3;
    const text = json ? renderJson(template) : renderYaml(template);
    const path = join(dir, `stack-${kind}-${json ? 'cfn.json' : 'cfn.yaml'}`);
    writeFileSync(path, text);
    files.push({ path, bytes: Buffer.byteLength(text), syntax: json ? 'json' : 'yaml' });
  }
  return files;
}

export function writeLargeTemplate(path, count, syntax, seed = 1) {
  const template = largeTemplate(count, seed);
  const text = syntax === 'json' ? renderJson(template) : renderYaml(template);
  writeFileSync(path, text);
  return { path, bytes: Buffer.byteLength(text), syntax };
}

/**
 * A mid-sized network stack (about 8 KB of YAML): one VPC with subnets, routing, a security group,
 * a flow log with its log group and delivery role, and (in every other stack) a Lambda worker with roles and
 * log groups. `index` varies what breaks a rule (a missing flow log, short retention, a wrong trust).
 */
function networkTemplate(r, index) {
  const team = TEAMS[index % TEAMS.length];
  const resources = {};
  network(r, resources, 'Main', index, team, { noFlowLog: index % 7 === 3, shortRetention: index % 11 === 5, wrongTrust: index % 13 === 6 });
  const workers = index % 2;
  for (let j = 0; j < workers; j++) lambda(r, resources, `Worker${j}`, team, ['MainPrivateSubnetA', 'MainPrivateSubnetB'], 'MainAppSecurityGroup');
  const outputs = { VpcId: { Value: ref('MainVpc'), Export: { Name: sub(STACK, '-VpcId') } } };
  return { ...header(`${team} network stack ${index}`), Resources: resources, Outputs: outputs };
}

/**
 * `count` network stacks of about 8 KB as `<root>/<team>/<group>/network-<n>.{yaml,json}`, 90 % YAML:
 * the parallel-parsing input (many files, mostly YAML, a few megabytes). Deterministic.
 */
export function writeNetworkTree(root, count, seed = 11) {
  const r = rng(seed);
  const files = [];
  for (let i = 0; i < count; i++) {
    const dir = join(root, `team-${String(i % TEAMS.length).padStart(2, '0')}`, `group-${String(Math.floor(i / 50)).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    const json = i % 10 === 9;
    const template = networkTemplate(r, i);
    const text = json ? renderJson(template) : renderYaml(template);
    const path = join(dir, `network-${String(i).padStart(4, '0')}.${json ? 'json' : 'yaml'}`);
    writeFileSync(path, text);
    files.push({ path, bytes: Buffer.byteLength(text), syntax: json ? 'json' : 'yaml' });
  }
  return files;
}
