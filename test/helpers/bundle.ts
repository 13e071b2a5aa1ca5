/**
 * The CLI users run is a bundle (dist/cli/, scripts/bundle.mjs): a loader hook sees its chunks, not
 * our modules. The build records the sources of each chunk in dist/cli/meta.json; this turns a list
 * of loaded URLs back into modules (`/dist/src/parse/json.js`, `/node_modules/js-yaml/…`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const META = resolve(import.meta.dirname, '../../dist/cli/meta.json');

export function bundledSources(urls: readonly string[]): string[] {
  const chunks = JSON.parse(readFileSync(META, 'utf8')) as Record<string, string[]>;
  return urls.flatMap((url) => (url.includes('/dist/cli/') ? (chunks[url.slice(url.lastIndexOf('/') + 1)] ?? [url]).map((source) => `/${source}`) : [url]));
}
