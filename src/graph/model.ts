/**
 * The resource graph: one model for CloudFormation and Terraform. Format adapters
 * (`graph/cloudformation`, later `graph/terraform`) build it; rules read only this.
 *
 * Unknown is a value, not an exception: every attribute is a resolved value (`RValue`) that may be
 * `unknown` with a reason. Rules never fail a resource on an unknown.
 */
import type { Span } from '../core/source.js';

/** Normalised resource kinds. Adapters map provider types onto these (see `kinds.ts`). */
export type ResourceKind =
  | 'vpc'
  | 'subnet'
  | 'network-interface'
  | 'transit-gateway'
  | 'transit-gateway-attachment'
  | 'flow-log'
  | 'log-group'
  | 'iam-role'
  | 'iam-policy'
  | 'iam-managed-policy'
  | 's3-bucket'
  | 'firehose-stream'
  | 'lambda-function'
  | 'ecs-task-definition'
  /** An EC2 instance profile: the role an instance runs as, which must trust `ec2.amazonaws.com`. */
  | 'instance-profile'
  /** A nested stack or module call: values passed into it may be used by resources we cannot see. */
  | 'stack'
  | 'other';

interface ValueBase {
  /** Where the value is written (for a value taken from a parameter default: where it is used). */
  span: Span;
  /** Further places that decided the value: a parameter's `Default`, a mapping entry, a variable default. */
  origin?: Span[];
  /**
   * Where the values are written that chose this value among others, though it is written at `span`:
   * the parameter defaults (or the values a parent stack passes) that decide the condition of the
   * `Fn::If` it is a branch of. A finding on the value names them as places to change.
   */
  decidedBy?: Span[];
  /**
   * What the value takes for granted that the deployment may not (`terraform.workspace is taken as
   * "default"`): a finding decided by it says so.
   */
  assumes?: string;
}

/** A fully known scalar. */
export interface RScalar extends ValueBase, JsonText {
  t: 'scalar';
  value: string | number | boolean | null;
}

/**
 * A string that is the JSON text of an object or list written in the template (CloudFormation's
 * `Fn::ToJsonString`): that object or list, with the spans where each of its parts is written, so that
 * a policy document given so is read from it, findings pointing at those parts, not at the string.
 */
interface JsonText {
  json?: RObject | RArray;
}

export interface RObject extends ValueBase {
  t: 'object';
  entries: Record<string, RValue>;
  /** Where each key is written, for findings on a missing or wrong sub-property. */
  keySpans: Record<string, Span>;
}

export interface RArray extends ValueBase {
  t: 'array';
  items: RValue[];
}

/**
 * A reference to another resource of the graph: CloudFormation `Ref`/`Fn::GetAtt`, a Terraform
 * attribute reference. `attribute` is the provider's attribute name (`Ref`, `Arn`, `id`, `arn`, …).
 */
export interface RRef extends ValueBase {
  t: 'ref';
  target: string;
  attribute: string;
  /**
   * Which attribute is not known: an older plan's `references` name only the resource
   * (`aws_s3_bucket.logs`), and a whole resource object has none. `attribute` then stands in as `id`,
   * which nothing may read as the attribute written (it may well be `arn`).
   */
  anyAttribute?: true;
}

/**
 * A string assembled from parts (`Fn::Sub`, `Fn::Join`, Terraform interpolation) where at least one part
 * is not a known string. Used to match ARNs and names against resources of the run.
 */
export interface RTemplate extends ValueBase, JsonText {
  t: 'template';
  parts: Array<string | RRef | RUnknown>;
}

/**
 * The `symbol` of the partition's DNS suffix (`amazonaws.com`, `amazonaws.com.cn`): CloudFormation's
 * `AWS::URLSuffix`, and Terraform's `data.aws_partition.<name>.dns_suffix` take it too, so that a
 * service principal written with it (`ec2.${AWS::URLSuffix}`) reads as that service (graph/iam.ts).
 */
export const DNS_SUFFIX = 'AWS::URLSuffix';

/** A value that cannot be known statically, with a reason a user can act on. */
export interface RUnknown extends ValueBase {
  t: 'unknown';
  why: string;
  /**
   * For an unknown import/export name or string: a glob (`*` for each unknown part) that the value
   * would match, so that `ImportValue "${Param}-VPC"` can be seen to *possibly* match an export `x-VPC`.
   */
  pattern?: string;
  /**
   * For an unknown that stands for one value throughout its template (a pseudo parameter such as
   * `AWS::Region`, a parameter without a default): that value's name. Two names written with the same
   * symbols in one template are the same name, though neither is known (graph/lookup.ts).
   */
  symbol?: string;
  /**
   * Nodes the value may turn out to be (uids): e.g. an `ImportValue` whose name is unknown but whose
   * pattern matches exports of these resources. Rules treat such a link as *possible*, never as absent.
   */
  mayBe?: string[];
  /**
   * Why the value may be one of `mayBe`, where that is more than `why`: said only when a use of the
   * value takes one of them (a variable that may hold the default VPC's id is just unknown where it is
   * read as a role).
   */
  mayBeWhy?: string;
  /**
   * Resolution was cut short by a limit (reference depth, the per-file time budget): the value may be
   * any node it could have reached, that is any node whose logical file (`logicalFile ?? file`) is in
   * this set (the run's templates; the files of a Terraform root module; the plan). `linkOf` then
   * answers every such node of the wanted kinds (see limits.ts).
   */
  mayBeAnyIn?: ReadonlySet<string>;
  /**
   * The known values it is one of, when only which one is unknown: the branches of an `Fn::If` or a
   * Terraform conditional whose condition cannot be evaluated, the entries of a mapping read with an
   * unknown key. A rule may report a failure that every one of them has. Non-enumerable, so that a
   * value computed from this one (any copy) does not inherit it (graph/one-of.ts).
   */
  readonly oneOf?: readonly RScalar[];
  /**
   * The intrinsic function flowguard does not evaluate that made this value unknown (`Fn::Base64`, a
   * misspelt `Fn::ToJSONString`): not a value known only at deploy time, which the template itself
   * shows, but one flowguard could not read. A rule that cannot conclude because of it says so.
   */
  unevaluated?: string;
  /**
   * The value names something its template or module does not declare (`!Ref VPC` beside a resource
   * `Vpc`, `aws_vpc.mian.id`): CloudFormation and Terraform refuse the whole configuration, so it is
   * not a value only known at deploy time. Set only where nothing unseen could declare the name.
   */
  undeclared?: Undeclared;
}

/** A reference to a name that is not declared, or refused as written (see `RUnknown.undeclared`). */
export interface Undeclared {
  /** As written: `VPC`, `aws_vpc.mian`, `var.vpc_idd`. */
  name: string;
  /** What it had to name: `parameter or resource`, `resource`, `variable`. */
  expected: string;
  /** The declared name it most likely meant, if one is close enough to say so. */
  near?: string;
  /** The nodes `near` names, when it names resources of the graph. */
  nearUids?: readonly string[];
  /**
   * Set when the name is declared but the reference is refused as written all the same: the whole
   * reason (`aws_iam_role.x.arn` where `aws_iam_role.x` has `count`, terraform/instance-keys.ts).
   */
  refusal?: string;
}

export type RValue = RScalar | RObject | RArray | RRef | RTemplate | RUnknown;

/**
 * Whether a resource exists in the default deployment (CloudFormation `Condition` on default
 * parameters, Terraform `count`/`for_each`).
 */
export type Existence =
  | { state: 'present' }
  | {
      state: 'absent';
      why: string;
      span: Span;
      /** Where the values that decide it are written (a variable's default, a `.tfvars` line), when not at `span`. */
      origin?: Span[];
      /** Absent in every deployment because the provider refuses it as written (`ResourceIds` on a CloudFormation flow log), not by a condition. */
      refused?: true;
    }
  | {
      state: 'unknown';
      why: string;
      span?: Span;
      /**
       * What decides it, when that is one named thing (`<file>#Condition:<name>`): two resources
       * decided by the same thing exist together, whichever way it goes.
       */
      decidedBy?: string;
    };

/**
 * The existence of a resource that is simply there: one object for all of them, as a template or
 * plan of 100,000 resources would otherwise keep 100,000 copies. Frozen: adapters replace a node's
 * `existence`, never edit it.
 */
export const PRESENT: Existence = Object.freeze({ state: 'present' });

export interface NodeContext {
  span: Span;
  message: string;
  resourceId?: string;
}

export interface ResourceNode {
  /** Unique in the graph: `<file>#<id>`. */
  uid: string;
  /** CloudFormation logical id, or Terraform address (`module.net.aws_vpc.this[0]`). */
  id: string;
  kind: ResourceKind;
  /** Provider type: `AWS::EC2::VPC`, `aws_vpc`. */
  type: string;
  /** Repository-relative file of the resource's declaration. */
  file: string;
  /** The resource's key (CloudFormation logical id key, Terraform block header). */
  span: Span;
  existence: Existence;
  /**
   * Normalised attributes, named per kind (see `ATTRIBUTES` in vocabulary.ts). Absent = not set in the source;
   * the adapter leaves defaults to the rules, which know the provider's documented default.
   */
  attrs: Record<string, RValue>;
  /** Where the attribute keys are written (for "set X" findings that point at a wrong property). */
  attrKeySpans: Record<string, Span>;
  /** Names the resource can be found by (physical names, ARNs) when known or partly known. */
  names: RValue[];
  /**
   * The file the resource id is relative to, when it differs from `file`: for a resource of a Terraform
   * module, the root module's file that calls it (its address starts at that root); for a resource of a
   * plan whose finding points at `.tf` source, the plan. Used for SARIF logical locations and fingerprints.
   */
  logicalFile?: string;
  /**
   * The CDK construct that synthesised the resource (`aws:cdk:path` metadata, `Stack/Vpc/Resource`):
   * CDK users find their code by it, not by the hashed logical id, so messages name it too.
   */
  constructPath?: string;
  /** In-source suppressions written on the resource (CloudFormation `Metadata`, Terraform comments). */
  suppressions?: SuppressionDirective[];
  /**
   * Places that also matter for messages, e.g. the module call site of a Terraform module resource,
   * outermost first. `resourceId` names what is written there when it creates this resource (a
   * Terraform `module` call as `module.<name>` of the module it is written in, the
   * `AWS::CloudFormation::Stack` that includes a nested template): what it passes decides this one.
   */
  context?: NodeContext[];
}

/** One suppression written in the source: which rule, why, where, and in whose syntax. */
export interface SuppressionDirective {
  /** flowguard rule id (peer ids such as `CKV2_AWS_11` are already mapped). */
  rule: string;
  /** The justification; empty when the author gave none (reported as a note). */
  reason: string;
  span: Span;
  /** `flowguard`, or the peer whose syntax it was written in (`checkov`, `cfn_nag`, `cdk_nag`, `tfsec`, `trivy`). */
  syntax: string;
  /** The id as written (`CKV2_AWS_11`, `W60`, `vpc-flow-logs`). */
  writtenId: string;
  /**
   * tfsec's and trivy's `exp:` as written (`2026-06-30`): the directive is in effect before that day
   * (UTC), and never when it is not a date (src/engine/suppress.ts).
   */
  expires?: string;
  /** tfsec's and trivy's `ws:`: in effect only when the run evaluates `.tf` source in that workspace. */
  workspace?: string;
  /**
   * Where it is written when that is not the resource: the Terraform module call (`module.net`) whose
   * comment every resource of the module inherits. Notes about the directive name it, not a resource.
   */
  owner?: string;
}

/**
 * A suppression that can suppress nothing, however the findings turn out: written in a shape flowguard
 * does not read (CloudFormation `Metadata.flowguard.ignore: vpc-flow-logs`, a string where a list is
 * expected), or attached to no resource (a Terraform comment cut off from its block by a blank line).
 * The `suppression` rule reports it, with what to write instead; left alone it would hide nothing and
 * say nothing.
 */
export type InertSuppression =
  /** `problem`: what is wrong and what is expected, as a clause. On the resource whose `Metadata` holds it. */
  | { why: 'shape'; span: Span; problem: string; resourceId: string; resourceUid: string }
  /** A directive read from a comment that sits on no `resource` or `module` block. */
  | { why: 'detached'; span: Span; directive: SuppressionDirective };

/** A reference from one resource's attribute to another resource. */
export interface Edge {
  from: string;
  to: string;
  /** The attribute path it came from, e.g. `target` or `inputs.VpcId`. */
  via: string;
  span: Span;
}

/** An input that parses but cannot be used as written (a duplicate declaration, a wrong shape). */
export interface InputProblem {
  span: Span;
  message: string;
  /**
   * Not an error of the input but something the user should know about the run (a reference chain cut
   * by `--max-reference-depth`): reported as a warning notification, never as a `parse-error` finding.
   */
  notice?: true;
}

export interface ResourceGraph {
  nodes: ReadonlyMap<string, ResourceNode>;
  /** Problems the adapters found in the inputs; the engine reports them as `parse-error` findings (notices as notifications only). */
  problems: readonly InputProblem[];
  /** Suppressions that apply to nothing, in file order (see `InertSuppression`). */
  inertSuppressions: readonly InertSuppression[];
  edges: readonly Edge[];
  /** Nodes of one kind, in a stable order (file, then id). */
  ofKind(kind: ResourceKind): ResourceNode[];
  /** Edges into a node (`to === uid`). */
  incoming(uid: string): Edge[];
  /** Edges out of a node. */
  outgoing(uid: string): Edge[];
}
