/**
 * The builder lets go of js-yaml's events as it reads them (issue 5): js-yaml hands over a template's
 * whole event stream at once, about a million events for 100,000 resources, and the builder held it
 * all until the document was built: the heap left by the collection during the build of such a
 * template was 118 MB instead of 79 MB. Counted here as the events still held in the stream js-yaml
 * returned, once the document is built.
 */
import { describe, expect, it, vi } from 'vitest';

const streams = vi.hoisted(() => [] as unknown[][]);

vi.mock('js-yaml', async () => {
  const original = await vi.importActual<typeof import('js-yaml')>('js-yaml');
  return {
    ...original,
    parseEvents: (...args: Parameters<typeof original.parseEvents>) => {
      const events = original.parseEvents(...args);
      streams.push(events);
      return events;
    },
  };
});

const { parseYaml } = await import('../../src/parse/yaml.js');
const { documentOf, sourceFile } = await import('./helpers.js');

const RESOURCES = 200;

function template(): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let i = 0; i < RESOURCES; i++) lines.push(`  Logs${i}:`, '    Type: AWS::Logs::LogGroup', '    Properties:', `      RetentionInDays: ${i % 2 ? 3 : '!Ref Days'}`);
  return `${lines.join('\n')}\n`;
}

describe('the YAML builder and the event stream', () => {
  it('keeps none of the events it has read once the document is built', () => {
    streams.length = 0;
    const document = documentOf(parseYaml(sourceFile(template())));
    expect(Object.keys((document.value as { Resources: object }).Resources)).toHaveLength(RESOURCES);
    expect(streams).toHaveLength(1);
    const [stream] = streams as [unknown[]];
    expect(stream.length).toBeGreaterThan(RESOURCES * 8);
    // The event that opens the document and the one that ends the loop (the search for a later
    // document starts there) are all that remain.
    expect(stream.filter((event) => event !== undefined).length).toBeLessThanOrEqual(2);
  });

  it('still finds a second document after the first', () => {
    streams.length = 0;
    const result = parseYaml(sourceFile(`${template()}---\nResources: {}\n`));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.document.laterDocumentAt).toBeGreaterThan(0);
  });
});
