/**
 * A lone `-` as an entry of a flow collection: `!Join [-, [a, b]]`, `[a, -]`, `{Separator: -}`.
 * YAML 1.2 lets no plain scalar start with `-` followed by a flow indicator, and js-yaml refuses it
 * ("missed comma between flow collection entries"). PyYAML and SnakeYAML, the parsers of cfn-lint,
 * the AWS CLI and CloudFormation itself, read it as the string "-" (they only ask that the dash is not
 * followed by a space), so such templates deploy, and we read them too.
 *
 * js-yaml runs again on a copy of the text in which each such dash is another plain character. The
 * copy has the same length, so every offset js-yaml reports is one of the original text, and the
 * builder takes each value from the original text, where the dash still is.
 */
import { YAMLException } from './js-yaml.js';

/**
 * A `-` directly followed by `,` `]` or `}`, after an opening bracket, a comma or a colon (group 1,
 * with the blanks between). Matched forwards from that character: a lookbehind over `[ \t\r\n]*` is
 * tried at every position and walks back over the whole run of blanks each time, so 150,000 blank
 * lines after a `Resources:` took 14 s to scan (quadratic), outside any time budget.
 */
const FLOW_DASH = /([[{,:][ \t\r\n]*)-(?=[,\]}])/g;

/** The stand-in: any character that may start a plain scalar in a flow collection. */
const STAND_IN = '_';

/** Whether js-yaml stopped at such a dash. */
export function stoppedAtFlowDash(error: unknown, text: string): boolean {
  if (!(error instanceof YAMLException)) return false;
  const at = error.mark?.position ?? -1;
  return at >= 0 && text[at] === '-' && /^[,\]}]$/.test(text[at + 1] ?? '');
}

/** The text with every flow-collection dash replaced by a stand-in of the same length. */
export function withoutFlowDashes(text: string): string {
  return text.replace(FLOW_DASH, `$1${STAND_IN}`);
}

/**
 * `parse` on the text, and, where it stops at a flow-collection dash, on the text without them. A
 * file without such a dash is parsed once, as before.
 */
export function parseReadingFlowDashes<T>(text: string, parse: (text: string) => T): T {
  try {
    return parse(text);
  } catch (error) {
    if (!stoppedAtFlowDash(error, text)) throw error;
    return parse(withoutFlowDashes(text));
  }
}
