/** Phase 3: parses the files read, and sorts the documents by format. */
import { detectFormat } from '../discover/detect.js';
import { need, type EngineModules, type LoadedInputs, type LoadedRun, type ReadRun } from './pipeline.js';

const NOT_OURS =
  'not a CloudFormation template or Terraform plan/state: expected `Resources` with `AWS::` types, `AWSTemplateFormatVersion`, or `format_version` with `planned_values`';

/** `modules` holds (at least) the parsers `run.parsers` names. */
export function parseInputs(run: ReadRun, modules: Partial<EngineModules>, onProgress?: (done: number, total: number) => void): LoadedRun {
  const { files, parsers: _parsers, ...prepared } = run;
  const { limits } = run;
  const loaded: LoadedInputs = { cloudformation: [], terraformJson: [], terraformSource: [], problems: [], files: [] };
  for (const [done, read] of files.entries()) {
    onProgress?.(done, files.length);
    const { file } = read;
    if ('problem' in read) loaded.problems.push({ file, problem: read.problem });
    if (!('parser' in read)) continue;
    if (read.parser === 'parseHcl' || read.parser === 'parseTfJson') {
      const result = need(modules, read.parser)(file, limits);
      if (result.ok) {
        loaded.terraformSource.push(result.hcl);
        loaded.files.push(file.path);
      } else {
        loaded.problems.push({ file, problem: result.problem });
      }
      continue;
    }
    const result = need(modules, read.parser)(file, limits);
    if (!result.ok) {
      loaded.problems.push({ file, problem: result.problem });
      continue;
    }
    const format = detectFormat(result.document.value);
    if (format === 'cloudformation') loaded.cloudformation.push(result.document);
    else if (format) loaded.terraformJson.push(result.document);
    else {
      if (read.explicit) loaded.problems.push({ file, problem: { message: NOT_OURS, start: 0, end: 0, limit: undefined } });
      continue;
    }
    loaded.files.push(file.path);
  }
  onProgress?.(files.length, files.length);
  loaded.files.sort();
  return { ...prepared, inputs: loaded };
}
