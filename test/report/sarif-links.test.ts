/**
 * Embedded links from a SARIF message to its related locations (SARIF §3.11.6), which GitHub code
 * scanning needs to show them: table cases, then the invariant over real runs — every link points at
 * one related location, and every related location is linked exactly once.
 */
import { describe, expect, it } from 'vitest';
import type { RelatedLocation } from '../../src/core/finding.js';
import { lint } from '../../src/engine/lint.js';
import { toSarif } from '../../src/report/sarif.js';
import { withRelatedLinks } from '../../src/report/sarif-links.js';
import { REPO } from '../cli/helpers.js';

const at = { startLine: 3, startColumn: 1, endLine: 3, endColumn: 9 };
const related = (message: string, resourceId?: string): RelatedLocation => ({ file: 'stack.yaml', region: at, message, ...(resourceId ? { resourceId } : {}) });

describe('withRelatedLinks', () => {
  it.each([
    {
      name: 'links the resource the message names in backticks',
      message: 'VPC `AppVpc` has no flow log capturing REJECT or ALL traffic; `AppVpcFlowLog` captures ACCEPT only',
      related: [related('flow log `AppVpcFlowLog` captures ACCEPT only', 'AppVpcFlowLog')],
      expected: 'VPC `AppVpc` has no flow log capturing REJECT or ALL traffic; [`AppVpcFlowLog`](1) captures ACCEPT only',
    },
    {
      name: 'lists after the message what it does not name, in order',
      message: 'Log group `Logs` keeps events for 30 days (from a value set elsewhere)',
      related: [related('the value that decides the retention'), related('flow log `Other` delivers here', 'Other')],
      expected: 'Log group `Logs` keeps events for 30 days (from a value set elsewhere) (see [the value that decides the retention](1), [flow log `Other` delivers here](2))',
    },
    {
      name: 'links each of two flow logs, and a repeated resource once in the text and once in the list',
      message: 'VPC `Vpc` has no flow log capturing REJECT or ALL traffic; `A` captures ACCEPT only, `B` does not exist by default',
      related: [related('flow log `A`', 'A'), related('flow log `B`', 'B'), related('flow log `A` again', 'A')],
      expected: 'VPC `Vpc` has no flow log capturing REJECT or ALL traffic; [`A`](1) captures ACCEPT only, [`B`](2) does not exist by default (see [flow log `A` again](3))',
    },
    {
      name: 'escapes square brackets and backslashes in link text (Terraform instance keys)',
      message: 'VPC `aws_vpc.main` has no flow log; `module.regional["eu"].aws_flow_log.this[0]` captures ACCEPT only',
      related: [related('flow log', 'module.regional["eu"].aws_flow_log.this[0]'), related('path C:\\logs [old]')],
      expected: 'VPC `aws_vpc.main` has no flow log; [`module.regional\\["eu"\\].aws_flow_log.this\\[0\\]`](1) captures ACCEPT only (see [path C:\\\\logs \\[old\\]](2))',
    },
    { name: 'leaves a message without related locations as it is', message: 'Role `R` trusts "*"', related: [], expected: 'Role `R` trusts "*"' },
  ])('$name', ({ message, related: locations, expected }) => {
    expect(withRelatedLinks(message, locations)).toBe(expected);
  });
});

describe('SARIF of real runs', () => {
  it.each(['examples', 'fixtures/cloudformation'])('links every related location exactly once: %s', async (folder) => {
    const sarif = toSarif(await lint([folder], { cwd: REPO }), { version: '0.0.0' });
    const results = sarif.runs[0]!.results.filter((r) => (r.relatedLocations?.length ?? 0) > 0);
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      const ids = [...result.message.text.matchAll(/\]\((\d+)\)/g)].map((m) => Number(m[1]));
      expect(ids.sort((a, b) => a - b), result.message.text).toEqual(result.relatedLocations!.map((l) => l.id));
    }
  });
});
