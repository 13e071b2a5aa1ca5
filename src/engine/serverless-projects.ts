/**
 * Serverless Framework projects: a `serverless.yml` (or `.yaml`, `.json`, `.js`, `.ts`, `.cjs`,
 * `.mjs`) whose `resources` merges CloudFormation fragments from files beside it
 * (`- ${file(resources/vpc.yml)}`) into the one template it deploys. Each fragment alone looks like a
 * template, so a name one of them uses may be declared in another: the CloudFormation adapter asks
 * this before it says a name is not declared (graph/cloudformation/undeclared.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const PROJECT_FILES = ['serverless.yml', 'serverless.yaml', 'serverless.json', 'serverless.js', 'serverless.ts', 'serverless.cjs', 'serverless.mjs'];

/**
 * Whether a file lies in a Serverless Framework project: a project file in its folder or a folder
 * above it, up to `root` (the repository or the working directory). Folders are looked at once each.
 */
export function serverlessProjectLookup(root: string): (absolutePath: string) => boolean {
  const top = resolve(root);
  const known = new Map<string, boolean>();
  const inProject = (dir: string): boolean => {
    let found = known.get(dir);
    if (found !== undefined) return found;
    const parent = dirname(dir);
    found = PROJECT_FILES.some((name) => existsSync(join(dir, name))) || (dir !== top && parent !== dir && dir.startsWith(top) && inProject(parent));
    known.set(dir, found);
    return found;
  };
  return (absolutePath) => inProject(dirname(resolve(absolutePath)));
}
