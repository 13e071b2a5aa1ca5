// Module loader hooks for trace-modules.mjs: they run on the loader thread and append each loaded URL.
import { appendFileSync } from 'node:fs';

let target;

export function initialize(data) {
  target = data.target;
}

export async function load(url, context, nextLoad) {
  appendFileSync(target, `${url}\n`);
  return nextLoad(url, context);
}
