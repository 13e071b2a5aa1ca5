/**
 * Embedded links from a result's message to its related locations (SARIF §3.11.6: `[text](id)` in a
 * plain text message). GitHub code scanning shows related locations only where the message links to
 * them, so without these the flow log that "captures ACCEPT only" was listed in the SARIF file but
 * not reachable from the alert.
 *
 * Each related location is linked once: where the message names its resource in backticks
 * (`` `AppVpcFlowLog` ``), else in a list after the message (`(see [the value that decides the
 * retention](1))`). Link ids are the related locations' 1-based ids (sarif.ts).
 */
import type { RelatedLocation } from '../core/finding.js';

export function withRelatedLinks(message: string, related: readonly RelatedLocation[]): string {
  let text = message;
  const unnamed: string[] = [];
  related.forEach((location, index) => {
    const id = index + 1;
    const name = location.resourceId ? `\`${location.resourceId}\`` : undefined;
    const at = name === undefined ? -1 : unlinkedOccurrence(text, name);
    if (name !== undefined && at !== -1) text = `${text.slice(0, at)}${link(name, id)}${text.slice(at + name.length)}`;
    else unnamed.push(link(location.message, id));
  });
  return unnamed.length > 0 ? `${text} (see ${unnamed.join(', ')})` : text;
}

/** The first occurrence of `name` that is not already the text of a link made here. */
function unlinkedOccurrence(text: string, name: string): number {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    if (text[at - 1] !== '[') return at;
  }
  return -1;
}

function link(text: string, id: number): string {
  // Square brackets and backslashes in link text are escaped (§3.11.6); `module.x["a"]` keeps its brackets.
  return `[${text.replace(/[\\[\]]/g, (c) => `\\${c}`)}](${id})`;
}
