/**
 * Arguments set twice, each written as HCL 1 wrote a nested block (`principals = { … }`). Terraform
 * 0.11 read every `name = { … }` item as one block, so two `principals = { … }` in one `statement` of
 * `data "aws_iam_policy_document"` were two principals (`terraform 0.12upgrade` turns each into its
 * own block), a form 0.11 modules of the registry used for `condition` too. Terraform 0.12 and later
 * refuse it ("Duplicate argument"), as they refuse the single one ("did you mean to define a
 * block?"), which flowguard reads as the block all the same (blocks.ts). So the repeat is read there,
 * as the blocks 0.11 made of it, and refused everywhere else, where no block stands behind the name.
 */
import type { Body, HclFile, RepeatedArgument } from '../../parse/hcl/ast.js';
import { lineOf } from '../../parse/problem.js';

/** In a `statement` of a policy document: the blocks written as arguments in Terraform 0.11's modules. */
const STATEMENT_BLOCKS: ReadonlySet<string> = new Set(['principals', 'not_principals', 'condition']);

/**
 * The repeats of `file` that stand for no block, "set twice" as the parser said before 0.11's form
 * was read: one problem for each argument repeated in a block, at its first repeat, with how many
 * times it is set. Terraform reports every repeat; one argument written 100,000 times in a block made
 * 99,999 findings (142 MB of SARIF, 790 MB of memory), each the same mistake. Another argument
 * repeated, or the same one in another block, is another mistake and has its own.
 */
export function refusedRepeats(file: HclFile): { start: number; end: number; message: string }[] {
  if (!file.repeated) return [];
  const { documents, statements } = policyDocumentBodies(file);
  const byArgument = new Map<Body, Map<string, RepeatedArgument[]>>();
  for (const repeat of file.repeated) {
    if (readAsBlocks(repeat, documents, statements)) continue;
    let names = byArgument.get(repeat.body);
    if (!names) byArgument.set(repeat.body, (names = new Map()));
    const same = names.get(repeat.attribute.name);
    if (same) same.push(repeat);
    else names.set(repeat.attribute.name, [repeat]);
  }
  const out: { start: number; end: number; message: string }[] = [];
  for (const names of byArgument.values()) {
    for (const [name, repeats] of names) {
      const { attribute, first } = repeats[0]!;
      const times = repeats.length === 1 ? 'twice' : `${(repeats.length + 1).toLocaleString('en-US')} times`;
      out.push({ start: attribute.nameRange.start, end: attribute.nameRange.end, message: `argument \`${name}\` is set ${times} (first at line ${lineOf(file.file.text, first)})` });
    }
  }
  // In the order of the text, as the repeats were.
  return out.sort((a, b) => a.start - b.start);
}

function readAsBlocks(repeat: RepeatedArgument, documents: Set<Body>, statements: Set<Body>): boolean {
  const name = repeat.attribute.name;
  return (name === 'statement' && documents.has(repeat.body)) || (STATEMENT_BLOCKS.has(name) && statements.has(repeat.body));
}

/** The bodies of the file's `data "aws_iam_policy_document"` blocks, and of their `statement` blocks (`dynamic` ones' `content` too). */
function policyDocumentBodies(file: HclFile): { documents: Set<Body>; statements: Set<Body> } {
  const documents = new Set<Body>();
  const statements = new Set<Body>();
  for (const block of file.body.blocks) {
    if (block.type !== 'data' || block.labels[0] !== 'aws_iam_policy_document') continue;
    documents.add(block.body);
    for (const inner of block.body.blocks) {
      if (inner.type === 'statement') statements.add(inner.body);
      else if (inner.type === 'dynamic' && inner.labels[0] === 'statement') {
        for (const content of inner.body.blocks) if (content.type === 'content') statements.add(content.body);
      }
    }
  }
  return { documents, statements };
}
