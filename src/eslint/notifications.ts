/**
 * The run's tool notifications that concern the linted file, as editor messages. The command line
 * prints them beside its findings (`flowguard: warning: …`, SARIF `toolExecutionNotifications`); in
 * the editor they are the reason a note says "could not be verified":
 * - a notification about the file itself (a reference chain cut by its depth limit, an
 *   `Fn::ForEach` expansion cut at its limit), at the place it names, else at line 1;
 * - a problem of a file this one brings in by name (a nested stack's child template, a file of a
 *   local module's folder: it does not parse, or was not read), at the `TemplateURL` / `source`
 *   that names it, as eslint-plugin-import reports "Parse errors in imported module" on the import.
 * Notifications about other files (a context file, a sibling) are left to those files.
 */
import type { ToolNotification } from '../core/finding.js';
import type { Region } from '../core/source.js';
import { isIncluded, type Include } from '../engine/includes.js';

export interface FileNotification {
  message: string;
  /** Absent: the notification names no place in the file (it is shown at line 1). */
  region?: Region;
}

export function notificationsOf(notifications: readonly ToolNotification[], path: string, includes: readonly Include[]): FileNotification[] {
  const out: FileNotification[] = [];
  for (const n of notifications) {
    if (n.file === undefined) continue;
    const message = withoutPath(n.message, n.file);
    if (n.file === path) {
      out.push({ message, ...(n.region ? { region: n.region } : {}) });
      continue;
    }
    for (const include of includes) {
      if (!isIncluded(include, n.file)) continue;
      const at = n.region ? ` (${n.region.startLine}:${n.region.startColumn})` : '';
      const what = `\`${n.file}\`${at}, ${include.folder ? `in the source of \`${include.by}\`` : `the template of nested stack \`${include.by}\``}`;
      // Problems that make a file unusable are its `parse-error` in the run; the others are warnings.
      out.push({ message: n.level === 'error' ? `Parsing error in ${what}: ${message}` : `${what}: ${message}`, region: include.region });
    }
  }
  return out;
}

/** Notifications start with the path they are about (`stacks/a.yaml: …`), which the editor already shows. */
function withoutPath(message: string, file: string): string {
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
}
