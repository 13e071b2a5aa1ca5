// A Terraform plan in the shape of `terraform show -json` (format 1.2): planned_values with child
// modules, resource_changes (create / no-op / update / delete, after_unknown for values known only
// after apply), prior_state-less, and configuration with module calls and expression references.
// Written compactly, as terraform prints it, section by section so the generator never holds the
// whole plan in memory.
import { Buffer } from 'node:buffer';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { rng } from './random.mjs';

const PROVIDER = 'registry.terraform.io/hashicorp/aws';

function vpcId(r) {
  return `vpc-0${r.hex(16)}`;
}

/** The managed resources of one `module.net_<n>` instance: attribute values as the AWS provider plans them. */
function moduleResources(r, n, options) {
  const cidr = `10.${n % 250}.0.0/16`;
  const name = `net-${n}`;
  const tags = { Name: name, Team: `team-${n % 17}`, Environment: r.pick(['production', 'staging']), ManagedBy: 'terraform', Module: 'network' };
  const existing = options.action !== 'create';
  const vpc = existing ? vpcId(r) : undefined;
  const account = '123456789012';
  const list = [];
  const add = (type, rname, values, unknown = {}, refs = {}) => list.push({ type, name: rname, values, unknown, refs });

  add(
    'aws_vpc',
    'this',
    {
      assign_generated_ipv6_cidr_block: false,
      cidr_block: cidr,
      enable_dns_hostnames: true,
      enable_dns_support: true,
      enable_network_address_usage_metrics: false,
      instance_tenancy: 'default',
      ipv4_ipam_pool_id: null,
      ipv4_netmask_length: null,
      ipv6_ipam_pool_id: null,
      ipv6_netmask_length: null,
      tags,
      tags_all: { ...tags, Owner: 'platform' },
      ...(existing ? { id: vpc, arn: `arn:aws:ec2:eu-west-1:${account}:vpc/${vpc}`, owner_id: account, main_route_table_id: `rtb-0${r.hex(16)}`, default_security_group_id: `sg-0${r.hex(16)}`, default_network_acl_id: `acl-0${r.hex(16)}`, dhcp_options_id: `dopt-0${r.hex(16)}`, ipv6_association_id: '', ipv6_cidr_block: '', ipv6_cidr_block_network_border_group: '' } : {}),
    },
    existing ? {} : { arn: true, id: true, owner_id: true, main_route_table_id: true, default_security_group_id: true, default_network_acl_id: true, dhcp_options_id: true, ipv6_association_id: true, ipv6_cidr_block: true, tags: {}, tags_all: {} },
    { cidr_block: ['var.cidr'], tags: ['local.tags', 'var.name'] },
  );
  for (let s = 0; s < 6; s++) {
    const tier = s < 3 ? 'public' : 'private';
    add(
      'aws_subnet',
      `${tier}[${s % 3}]`,
      {
        assign_ipv6_address_on_creation: false,
        availability_zone: `eu-west-1${'abc'[s % 3]}`,
        cidr_block: `10.${n % 250}.${s * 16}.0/20`,
        customer_owned_ipv4_pool: null,
        enable_dns64: false,
        enable_resource_name_dns_a_record_on_launch: false,
        enable_resource_name_dns_aaaa_record_on_launch: false,
        ipv6_cidr_block: null,
        ipv6_native: false,
        map_customer_owned_ip_on_launch: null,
        map_public_ip_on_launch: tier === 'public',
        outpost_arn: null,
        private_dns_hostname_type_on_launch: 'ip-name',
        tags: { ...tags, Name: `${name}-${tier}-${s % 3}`, Tier: tier },
        tags_all: { ...tags, Name: `${name}-${tier}-${s % 3}`, Tier: tier, Owner: 'platform' },
        timeouts: null,
        ...(existing ? { vpc_id: vpc, id: `subnet-0${r.hex(16)}` } : {}),
      },
      existing ? {} : { arn: true, id: true, vpc_id: true, owner_id: true, ipv6_cidr_block_association_id: true, tags: {}, tags_all: {} },
      { vpc_id: ['aws_vpc.this.id', 'aws_vpc.this'], cidr_block: ['var.cidr', 'count.index'], availability_zone: ['var.azs', 'count.index'], tags: ['local.tags', 'var.name'] },
    );
  }
  for (const tier of ['public', 'private']) {
    add(
      'aws_route_table',
      tier,
      { propagating_vgws: [], route: tier === 'public' ? [{ carrier_gateway_id: '', cidr_block: '0.0.0.0/0', core_network_arn: '', destination_prefix_list_id: '', egress_only_gateway_id: '', gateway_id: existing ? `igw-0${r.hex(16)}` : '', ipv6_cidr_block: '', local_gateway_id: '', nat_gateway_id: '', network_interface_id: '', transit_gateway_id: '', vpc_endpoint_id: '', vpc_peering_connection_id: '' }] : [], tags: { ...tags, Name: `${name}-${tier}` }, tags_all: { ...tags, Name: `${name}-${tier}` }, timeouts: null, ...(existing ? { vpc_id: vpc } : {}) },
      existing ? {} : { arn: true, id: true, owner_id: true, vpc_id: true, propagating_vgws: [], route: [{}], tags: {}, tags_all: {} },
      { vpc_id: ['aws_vpc.this.id', 'aws_vpc.this'], tags: ['local.tags', 'var.name'] },
    );
  }
  add(
    'aws_security_group',
    'app',
    {
      description: `Application traffic for ${name}`,
      egress: [{ cidr_blocks: ['0.0.0.0/0'], description: 'All outbound', from_port: 0, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: '-1', security_groups: [], self: false, to_port: 0 }],
      ingress: [443, 8080, 5432, 6379].map((port) => ({ cidr_blocks: ['10.0.0.0/8'], description: `port ${port}`, from_port: port, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: 'tcp', security_groups: [], self: false, to_port: port })),
      name: `${name}-app`,
      revoke_rules_on_delete: false,
      tags,
      tags_all: tags,
      timeouts: null,
      ...(existing ? { vpc_id: vpc, id: `sg-0${r.hex(16)}` } : {}),
    },
    existing ? {} : { arn: true, id: true, owner_id: true, name_prefix: true, vpc_id: true, egress: [{ cidr_blocks: [false], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [] }], ingress: [{}, {}, {}, {}], tags: {}, tags_all: {} },
    { vpc_id: ['aws_vpc.this.id', 'aws_vpc.this'], name: ['var.name'], tags: ['local.tags'] },
  );
  if (!options.noFlowLog) {
    const group = `/aws/vpc/${name}`;
    add(
      'aws_cloudwatch_log_group',
      'flow_logs[0]',
      { kms_key_id: null, log_group_class: 'STANDARD', name: group, name_prefix: null, retention_in_days: options.shortRetention ? 30 : 400, skip_destroy: false, tags, tags_all: tags, ...(existing ? { arn: `arn:aws:logs:eu-west-1:${account}:log-group:${group}`, id: group } : {}) },
      existing ? {} : { arn: true, id: true, tags: {}, tags_all: {} },
      { name: ['var.name'], retention_in_days: ['var.flow_log_retention_days'] },
    );
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: options.wrongTrust ? 'ec2.amazonaws.com' : 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': account } } }] });
    add(
      'aws_iam_role',
      'flow_logs[0]',
      { assume_role_policy: trust, description: `Delivers flow logs of ${name}`, force_detach_policies: false, max_session_duration: 3600, name: `${name}-flow-logs`, path: '/', permissions_boundary: null, tags, tags_all: tags, ...(existing ? { arn: `arn:aws:iam::${account}:role/${name}-flow-logs`, id: `${name}-flow-logs`, unique_id: `AROA${r.hex(17).toUpperCase()}`, create_date: '2024-03-11T09:12:44Z', managed_policy_arns: [], inline_policy: [{ name: 'deliver', policy: '' }] } : {}) },
      existing ? {} : { arn: true, create_date: true, id: true, inline_policy: true, managed_policy_arns: true, name_prefix: true, unique_id: true, tags: {}, tags_all: {} },
      { assume_role_policy: ['data.aws_iam_policy_document.flow_logs_trust[0].json', 'data.aws_iam_policy_document.flow_logs_trust[0]', 'data.aws_iam_policy_document.flow_logs_trust'], name: ['var.name'] },
    );
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'], Resource: `arn:aws:logs:eu-west-1:${account}:log-group:${group}:*` }] });
    add(
      'aws_iam_role_policy',
      'flow_logs[0]',
      { name: 'deliver', name_prefix: null, policy, ...(existing ? { role: `${name}-flow-logs`, id: `${name}-flow-logs:deliver` } : {}) },
      existing ? {} : { id: true, role: true },
      { role: ['aws_iam_role.flow_logs[0].id', 'aws_iam_role.flow_logs[0]', 'aws_iam_role.flow_logs'], policy: ['data.aws_iam_policy_document.flow_logs[0].json', 'data.aws_iam_policy_document.flow_logs[0]'] },
    );
    add(
      'aws_flow_log',
      'this[0]',
      { deliver_cross_account_role: null, destination_options: [], eni_id: null, log_destination_type: 'cloud-watch-logs', max_aggregation_interval: 600, subnet_id: null, tags, tags_all: tags, traffic_type: r.pick(['ALL', 'ALL', 'REJECT']), transit_gateway_attachment_id: null, transit_gateway_id: null, ...(existing ? { vpc_id: vpc, iam_role_arn: `arn:aws:iam::${account}:role/${name}-flow-logs`, log_destination: `arn:aws:logs:eu-west-1:${account}:log-group:${group}`, id: `fl-0${r.hex(16)}`, arn: `arn:aws:ec2:eu-west-1:${account}:vpc-flow-log/fl-0${r.hex(16)}`, log_format: '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}' } : {}) },
      existing ? {} : { arn: true, id: true, iam_role_arn: true, log_destination: true, log_format: true, log_group_name: true, vpc_id: true, destination_options: [], tags: {}, tags_all: {} },
      { vpc_id: ['aws_vpc.this.id', 'aws_vpc.this'], iam_role_arn: ['aws_iam_role.flow_logs[0].arn', 'aws_iam_role.flow_logs[0]', 'aws_iam_role.flow_logs'], log_destination: ['aws_cloudwatch_log_group.flow_logs[0].arn', 'aws_cloudwatch_log_group.flow_logs[0]', 'aws_cloudwatch_log_group.flow_logs'], traffic_type: ['var.flow_log_traffic_type'] },
    );
  }
  for (let f = 0; f < 3; f++) {
    const fn = `${name}-worker-${f}`;
    add(
      'aws_lambda_function',
      `worker[${f}]`,
      {
        architectures: ['arm64'],
        code_signing_config_arn: null,
        dead_letter_config: [],
        description: `Worker ${f} of ${name}`,
        environment: [{ variables: { TABLE_NAME: `${fn}-table`, LOG_LEVEL: 'INFO', POWERTOOLS_SERVICE_NAME: fn, QUEUE_URL: `https://sqs.eu-west-1.amazonaws.com/${account}/${fn}` } }],
        ephemeral_storage: [{ size: 512 }],
        file_system_config: [],
        filename: `build/${fn}.zip`,
        function_name: fn,
        handler: 'app.handler',
        image_config: [],
        image_uri: null,
        kms_key_arn: null,
        layers: [`arn:aws:lambda:eu-west-1:017000801446:layer:AWSLambdaPowertoolsPythonV2-Arm64:${r.int(40, 79)}`],
        memory_size: r.pick([256, 512, 1024]),
        package_type: 'Zip',
        publish: false,
        replace_security_groups_on_destroy: null,
        replacement_security_group_ids: null,
        reserved_concurrent_executions: -1,
        runtime: 'python3.12',
        s3_bucket: null,
        s3_key: null,
        s3_object_version: null,
        skip_destroy: false,
        source_code_hash: Buffer.from(r.hex(32)).toString('base64'),
        tags,
        tags_all: tags,
        timeout: r.pick([30, 60, 300]),
        timeouts: null,
        tracing_config: [{ mode: 'Active' }],
        vpc_config: [{ ipv6_allowed_for_dual_stack: false, security_group_ids: existing ? [`sg-0${r.hex(16)}`] : [], subnet_ids: existing ? [`subnet-0${r.hex(16)}`, `subnet-0${r.hex(16)}`] : [] }],
        ...(existing ? { arn: `arn:aws:lambda:eu-west-1:${account}:function:${fn}`, role: `arn:aws:iam::${account}:role/${fn}`, last_modified: '2024-05-02T10:00:00.000+0000', version: '$LATEST', qualified_arn: `arn:aws:lambda:eu-west-1:${account}:function:${fn}:$LATEST`, invoke_arn: `arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:${account}:function:${fn}/invocations` } : {}),
      },
      existing ? {} : { arn: true, id: true, invoke_arn: true, last_modified: true, qualified_arn: true, qualified_invoke_arn: true, role: true, signing_job_arn: true, signing_profile_version_arn: true, version: true, vpc_config: [{ security_group_ids: true, subnet_ids: true, vpc_id: true }], environment: [{ variables: {} }], tags: {}, tags_all: {} },
      { role: ['aws_iam_role.worker[0].arn'], vpc_config: ['aws_subnet.private', 'aws_security_group.app.id'], function_name: ['var.name', 'count.index'] },
    );
    add(
      'aws_cloudwatch_log_group',
      `worker[${f}]`,
      { kms_key_id: null, log_group_class: 'STANDARD', name: `/aws/lambda/${fn}`, name_prefix: null, retention_in_days: 400, skip_destroy: false, tags, tags_all: tags },
      { arn: true, id: true, tags: {}, tags_all: {} },
      { name: ['aws_lambda_function.worker', 'count.index'] },
    );
  }
  return list;
}

function planned(moduleAddress, res) {
  const addr = `${moduleAddress}.${res.type}.${res.name}`;
  const bare = res.name.replace(/\[\d+\]$/, '');
  const index = /\[(\d+)\]$/.exec(res.name);
  return {
    address: addr,
    mode: 'managed',
    type: res.type,
    name: bare,
    ...(index ? { index: Number(index[1]) } : {}),
    provider_name: PROVIDER,
    schema_version: res.type === 'aws_vpc' || res.type === 'aws_subnet' ? 1 : 0,
    values: res.values,
    sensitive_values: { tags: {}, tags_all: {} },
  };
}

function change(moduleAddress, res, action) {
  const p = planned(moduleAddress, res);
  const actions = action === 'create' ? ['create'] : action === 'update' ? ['update'] : action === 'delete' ? ['delete'] : ['no-op'];
  const before = action === 'create' ? null : action === 'update' ? { ...res.values, tags: { ...res.values.tags, Environment: 'legacy' } } : res.values;
  return {
    address: p.address,
    module_address: moduleAddress,
    mode: 'managed',
    type: p.type,
    name: p.name,
    ...(p.index !== undefined ? { index: p.index } : {}),
    provider_name: PROVIDER,
    change: {
      actions,
      before,
      after: action === 'delete' ? null : res.values,
      after_unknown: action === 'delete' ? {} : res.unknown,
      before_sensitive: action === 'create' ? false : { tags: {}, tags_all: {} },
      after_sensitive: action === 'delete' ? false : { tags: {}, tags_all: {} },
    },
  };
}

function configurationResources(list) {
  const seen = new Set();
  const out = [];
  for (const res of list) {
    const bare = res.name.replace(/\[\d+\]$/, '');
    const key = `${res.type}.${bare}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const expressions = {};
    for (const [attribute, references] of Object.entries(res.refs)) expressions[attribute] = { references };
    for (const [attribute, value] of Object.entries(res.values)) {
      if (!(attribute in expressions) && value !== null && typeof value !== 'object' && attribute !== 'id' && attribute !== 'arn') expressions[attribute] = { constant_value: value };
    }
    out.push({
      address: key,
      mode: 'managed',
      type: res.type,
      name: bare,
      provider_config_key: 'aws',
      expressions,
      schema_version: res.type === 'aws_vpc' || res.type === 'aws_subnet' ? 1 : 0,
      ...(res.name !== bare ? { count_expression: { references: ['var.enable_flow_logs'] } } : {}),
    });
  }
  return out;
}

/**
 * Writes a plan of about `targetBytes` to `path`: one `module.net_<n>` call per network, each with a
 * VPC, subnets, routing, a security group, a flow log with its role and log group, and Lambda workers.
 */
export function writePlan(path, targetBytes, seed = 11) {
  const r = rng(seed);
  mkdirSync(dirname(path), { recursive: true });
  const parts = ['planned', 'changes', 'config'].map((name) => {
    const file = `${path}.${name}.part`;
    return { file, fd: openSync(file, 'w'), bytes: 0, first: true };
  });
  const write = (part, text) => {
    writeSync(part.fd, part.first ? text : `,${text}`);
    part.first = false;
    part.bytes += text.length + 1;
  };
  let modules = 0;
  const total = () => parts.reduce((sum, p) => sum + p.bytes, 0);
  while (total() < targetBytes) {
    const n = modules++;
    const action = r.next() < 0.7 ? 'no-op' : r.chance(0.67) ? 'create' : 'update';
    const list = moduleResources(r, n, { action, noFlowLog: n % 7 === 3, shortRetention: n % 11 === 5, wrongTrust: n % 13 === 6 });
    const address = `module.net_${String(n).padStart(4, '0')}`;
    write(parts[0], JSON.stringify({ resources: list.map((res) => planned(address, res)), address }));
    write(parts[1], list.map((res) => JSON.stringify(change(address, res, action))).join(','));
    const call = {
      source: './modules/network',
      expressions: { name: { constant_value: `net-${n}` }, cidr: { constant_value: `10.${n % 250}.0.0/16` }, enable_flow_logs: { constant_value: n % 7 !== 3 }, flow_log_retention_days: { references: ['var.flow_log_retention_days'] } },
      module: {
        resources: configurationResources(list),
        variables: { name: { description: 'Network name' }, cidr: { description: 'VPC CIDR block' }, enable_flow_logs: { default: true }, flow_log_retention_days: { default: 400 }, azs: { default: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] } },
        outputs: { vpc_id: { expression: { references: ['aws_vpc.this.id', 'aws_vpc.this'] } } },
      },
    };
    write(parts[2], `${JSON.stringify(`net_${String(n).padStart(4, '0')}`)}:${JSON.stringify(call)}`);
    if (r.chance(0.05)) {
      // An old network being torn down: in resource_changes only.
      const gone = moduleResources(r, n + 100000, { action: 'delete' }).slice(0, 3);
      write(parts[1], gone.map((res) => JSON.stringify(change(`module.old_${n}`, res, 'delete'))).join(','));
    }
  }
  for (const part of parts) closeSync(part.fd);
  const out = openSync(path, 'w');
  const body = (part) => readFileSync(part.file, 'utf8');
  writeSync(out, '{"format_version":"1.2","terraform_version":"1.9.5","variables":{"flow_log_retention_days":{"value":400},"region":{"value":"eu-west-1"}},');
  writeSync(out, '"planned_values":{"root_module":{"child_modules":[');
  writeSync(out, body(parts[0]));
  writeSync(out, ']}},"resource_changes":[');
  writeSync(out, body(parts[1]));
  writeSync(out, '],"configuration":{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","expressions":{"region":{"references":["var.region"]}}}},"root_module":{"module_calls":{');
  writeSync(out, body(parts[2]));
  writeSync(out, '},"variables":{"flow_log_retention_days":{"default":400},"region":{"default":"eu-west-1"}}}},');
  writeSync(out, `"relevant_attributes":[],"timestamp":"2024-06-01T12:00:00Z","applyable":true,"complete":true,"errored":false}\n`);
  closeSync(out);
  for (const part of parts) rmSync(part.file);
  return { path, bytes: statSync(path).size, syntax: 'json', modules };
}
