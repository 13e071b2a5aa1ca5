/**
 * A name that a template's `Ref`, `Fn::GetAtt` or `${…}` uses but does not declare (`!Ref VPC` beside
 * a resource `Vpc`, `!GetAtt FlowLogsRole.Arn` beside `FlowLogRole`). CloudFormation refuses such a
 * template ("Unresolved resource dependencies [VPC] in the Resources block of the template"), so it is
 * not a value known only at deploy time: the resolver marks it (`RUnknown.undeclared`), with the
 * declared name it most likely meant, and a flow log that uses one is never created (attributes.ts).
 *
 * Not where something unseen may declare the name: a transform other than `AWS::LanguageExtensions`
 * (SAM's `<Function>Role`, `ServerlessRestApi`; an account's macro may add anything), a `Fn::ForEach`
 * loop whose collection is not known or that a limit cut short, a `Fn::Transform` (an `AWS::Include`
 * snippet, which CloudFormation inserts before it validates) at the top of the template or among its
 * resources or parameters. Nor a name that starts with the logical id of a module (`Type:
 * Org::Net::Vpc::MODULE`): CloudFormation names the module's resources `<Module><Resource>` or
 * `<Module>.<Resource>`, and only the registry knows which the module holds. Nor in a file another
 * tool may merge with others into the template it deploys: a Serverless Framework project's
 * `resources` fragments (`${file(resources/vpc.yml)}`), whose names live in their siblings.
 */
import type { Span } from '../../core/source.js';
import { nearestName, suggestionBudget } from '../../core/suggest.js';
import type { RUnknown, Undeclared } from '../model.js';
import { hasOwn, unknown } from '../values.js';
import { LANGUAGE_EXTENSIONS, transformNames } from './language-transform.js';
import { isModule } from './modules.js';
import { uidOf, type TemplateContext } from './template.js';

/** What the name had to be: a `Ref` or `${Name}` takes a parameter or a resource, `Fn::GetAtt` a resource. */
export type DeclaredAs = 'parameter or resource' | 'resource';

/**
 * Suggestions are worked out for the first this many distinct names of a template (each compares
 * the name with every declared one); past it the value is still marked, without a guess.
 */
const MAX_SUGGESTED = 64;

/** The unknown for `name`, which the template does not declare as `as`. */
export function undeclaredName(ctx: TemplateContext, name: string, as: DeclaredAs, span: Span): RUnknown {
  const value = unknown(`no ${as} named ${name}`, span);
  if (!declaresEverything(ctx) || mayBeInModule(ctx, name) || ctx.mayBeFragment?.()) return value;
  return { ...value, undeclared: suggestionFor(ctx, name, as) };
}

/** Why CloudFormation refuses the template, for a flow log's `refused` existence. */
export function refusedFor(value: RUnknown & { undeclared: Undeclared }): string {
  const { name, expected, near } = value.undeclared;
  return `CloudFormation refuses the template: it declares no ${expected} \`${name}\`${near === undefined ? '' : ` (did you mean \`${near}\`?)`}`;
}

function suggestionFor(ctx: TemplateContext, name: string, as: DeclaredAs): Undeclared {
  const near = nearestIn(ctx, `${as}\n${name}`, name, as);
  if (near === undefined) return { name, expected: as };
  return { name, expected: as, near, ...(Object.hasOwn(ctx.resources, near) ? { nearUids: [uidOf(ctx, near)] } : {}) };
}

function nearestIn(ctx: TemplateContext, key: string, name: string, as: DeclaredAs): string | undefined {
  const known = (ctx.nearest ??= { budget: suggestionBudget(ctx.doc.file.text.length), near: new Map(), candidates: new Map() });
  if (known.near.has(key)) return known.near.get(key);
  // Counted here, where resolution never clears them: the same names keep the same guesses.
  if (known.near.size >= MAX_SUGGESTED) return undefined;
  let candidates = known.candidates.get(as);
  if (!candidates) known.candidates.set(as, (candidates = as === 'resource' ? Object.keys(ctx.resources) : [...Object.keys(ctx.parameters), ...Object.keys(ctx.resources)]));
  const near = nearestName(name, candidates, known.budget);
  known.near.set(key, near);
  return near;
}

/** Whether every name the template may use is written in it (see the file's comment). */
function declaresEverything(ctx: TemplateContext): boolean {
  if (ctx.unknownLoops.size > 0 || ctx.loopCut) return false;
  // `Fn::Transform` (AWS::Include) at the top or among the resources or parameters adds what its snippet declares.
  if (hasOwn(ctx.doc.value, 'Fn::Transform') || hasOwn(ctx.resources, 'Fn::Transform') || hasOwn(ctx.parameters, 'Fn::Transform')) return false;
  return transformNames(ctx.doc).every((name) => name === LANGUAGE_EXTENSIONS);
}

/** Whether `name` may be a resource of a module the template uses (`NetworkVpc`, `Network.Vpc` of module `Network`). */
function mayBeInModule(ctx: TemplateContext, name: string): boolean {
  // The modules are listed once: a template of thousands of names it does not declare asks for each.
  const modules = (ctx.moduleIds ??= Object.keys(ctx.resources).filter((id) => isModule(ctx.resources[id])));
  return modules.some((id) => name.startsWith(id) && name !== id);
}
