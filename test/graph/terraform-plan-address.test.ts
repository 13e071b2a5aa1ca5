/**
 * `InstanceAddresses` reads plain addresses with one regular expression and shares module parts;
 * whatever the text, it must say what `parseAddress` says.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configAddress, InstanceAddresses, parseAddress } from '../../src/graph/terraform-plan/address.js';

/** What the adapter read from an address before `InstanceAddresses`: the general parser's answer. */
function reference(text: string) {
  const parsed = parseAddress(text);
  if (!parsed) return undefined;
  const modulePath = parsed.modules.map((m) => m.name);
  return { modulePath, moduleKeys: parsed.modules.map((m) => m.key), mode: parsed.mode, type: parsed.type, name: parsed.name, key: parsed.key, configAddress: configAddress(modulePath, parsed.mode, parsed.type, parsed.name) };
}

const TOKENS = ['module', 'data', 'aws_vpc', 'this', 'net-1', '_', '.', '.', '.', '[', ']', '"', '\\', '0', '00', '7', '1234567890123456', 'é', '\u0001', '\ud83d', 'a.b', '["k"]', '[0]', '[01]', '["a]b"]', '["\\u0061"]', '[each.key]', ' '];

describe('instance addresses', () => {
  it.each([
    'aws_vpc.main',
    'aws_vpc.main[0]',
    'aws_vpc.main["a.b[1]"]',
    'module.net_0000.aws_subnet.public[2]',
    'module.net.module.sub.data.aws_iam_policy_document.trust',
    'module.r["us-east-1"].module.l.aws_vpc.this["x"]',
    'module.r[3].aws_vpc.this',
    'data.data.x',
    'module.module.aws_vpc.x',
    'module.data.aws_vpc.x',
    // Read by the general parser: a type that is a keyword, keys that are not in normal form, trailing steps.
    'data.x',
    'module.a.module.b',
    'module.a.module.b[0]',
    'aws_vpc.main[007]',
    'aws_vpc.main["\\u0061"]',
    'aws_vpc.main[0].id',
    'aws_vpc.m]',
    '',
  ])('%j', (text) => {
    expect(new InstanceAddresses().read(text)).toEqual(reference(text));
  });

  it('agrees with parseAddress on any text made of address pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }), (tokens) => {
        const text = tokens.join('');
        // One reader for two texts: a module part read before must not change the answer.
        const reader = new InstanceAddresses();
        reader.read(`${text}.x.y`);
        expect(reader.read(text)).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('shares the module arrays of one module instance', () => {
    const reader = new InstanceAddresses();
    const a = reader.read('module.net["a"].aws_subnet.s[0]')!;
    const b = reader.read('module.net["a"].aws_vpc.v')!;
    expect(a.modulePath).toBe(b.modulePath);
    expect(a.moduleKeys).toBe(b.moduleKeys);
    expect(a.configAddress).toBe('module.net.aws_subnet.s');
  });
});
