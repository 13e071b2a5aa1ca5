/**
 * The run's tool notifications that concern the linted file, as editor messages. The command line
 * prints them beside its findings (`flowguard: warning: …`, SARIF `toolExecutionNotifications`); in
 * the editor they are the reason a note says "could not be verified": a reference chain cut by its
 * depth limit, an `Fn::ForEach` expansion cut at its limit, at the place they name, else at line 1.
 * Notifications about other files (a context file, a sibling) are left to those files.
 */
import type { ToolNotification } from '../core/finding.js';
import type { Region } from '../core/source.js';

export interface FileNotification {
  message: string;
  /** Absent: the notification names no place in the file (it is shown at line 1). */
  region?: Region;
}

export function notificationsOf(notifications: readonly ToolNotification[], path: string): FileNotification[] {
  const out: FileNotification[] = [];
  for (const n of notifications) {
    if (n.file !== path) continue;
    out.push({ message: withoutPath(n.message, n.file), ...(n.region ? { region: n.region } : {}) });
  }
  return out;
}

/** Notifications start with the path they are about (`stacks/a.yaml: …`), which the editor already shows. */
function withoutPath(message: string, file: string): string {
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
}
