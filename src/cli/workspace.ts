/** `--terraform-workspace`, shared by the lint and graph commands: which workspace `.tf` source is linted for. */
import { isWorkspaceName, type LintOptions } from '../engine/options.js';
import type { Flags, OptionTable } from './args.js';
import { UsageError } from './errors.js';

export const WORKSPACE_OPTIONS = {
  terraformWorkspace: {
    long: 'terraform-workspace',
    value: '<name>',
    help: 'the Terraform workspace .tf source is evaluated for, the value of terraform.workspace (default: "default"; in CI, pass "$TF_WORKSPACE")',
  },
} as const satisfies OptionTable;

export function workspaceFrom(flags: Partial<Flags<typeof WORKSPACE_OPTIONS>>): Pick<LintOptions, 'terraformWorkspace'> {
  const name = flags.terraformWorkspace;
  if (name === undefined) return {};
  if (!isWorkspaceName(name)) throw new UsageError(`--terraform-workspace: "${name}" is not a name Terraform accepts for a workspace (letters, digits, - _ . and no / or spaces)`);
  return { terraformWorkspace: name };
}
