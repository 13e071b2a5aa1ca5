// Copies the rule help pages next to the compiled rules, so that `rules/<id>.js` finds `./<id>.md`
// the same way from source (vitest) and from dist (the published CLI).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';

mkdirSync('dist/rules', { recursive: true });
for (const name of readdirSync('rules')) {
  if (name.endsWith('.md')) copyFileSync(`rules/${name}`, `dist/rules/${name}`);
}
