/**
 * Validates a SARIF log against the OASIS SARIF 2.1.0 schema (vendored in `test/schemas/`, so tests do
 * not depend on anything outside the repository). Shared by the report, CLI and corpus tests.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  const schema = JSON.parse(readFileSync(new URL('../schemas/sarif-2.1.0.json', import.meta.url), 'utf8')) as object;
  // `strict: false`: the OASIS schema uses keywords ajv's strict mode dislikes (e.g. `definitions` under a
  // 2020-12 `$schema`). `validateFormats: false`: ajv-formats is not installed, and formats (uri, date-time)
  // are not what these tests are about.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}

/** Schema errors as readable strings (`/runs/0/results/3/level must be equal to one of the allowed values`); empty when valid. */
export function validateSarif(log: unknown): string[] {
  validator ??= compile();
  if (validator(log)) return [];
  return (validator.errors ?? []).map((error) => {
    const detail = error.params && Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : '';
    return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${detail}`;
  });
}
