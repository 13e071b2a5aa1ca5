// Self time per function from a V8 `.cpuprofile` (written by `node --cpu-prof`).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

function where(url, line, root) {
  if (!url) return '';
  let path = url;
  if (url.startsWith('file://')) {
    try {
      path = fileURLToPath(url);
    } catch {
      return url;
    }
  }
  const nm = path.lastIndexOf(`${sep}node_modules${sep}`);
  const shown = nm !== -1 ? path.slice(nm + 14) : path.startsWith(root) ? relative(root, path) : path;
  return `${shown}:${line + 1}`;
}

/** Top `count` functions by self time, with their share of all samples; plus the total sampled time. */
export function topSelfTime(profileDir, root, count = 10) {
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return undefined;
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    self.set(id, (self.get(id) ?? 0) + dt);
  });
  const grouped = new Map();
  for (const [id, ms] of self) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    const key = `${name}\u0000${where(callFrame.url, callFrame.lineNumber, root)}`;
    grouped.set(key, (grouped.get(key) ?? 0) + ms);
  }
  const top = [...grouped.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, ms]) => {
      const [name, at] = key.split('\u0000');
      return { name, at, ms, share: ms / total };
    });
  return { totalMs: total, top };
}
