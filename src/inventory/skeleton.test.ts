import { describe, expect, it } from 'vitest';
import { parseInventorySources } from './load.js';
import { inventorySkeleton, SKELETON_SCHEMA_FILE } from './skeleton.js';

describe('inventorySkeleton', () => {
  it('is a valid inventory without warnings, one object of each kind at least', () => {
    const result = parseInventorySources(inventorySkeleton());
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const kinds = new Set(result.ok ? result.objects.map((object) => object.kind) : []);
    expect([...kinds]).toEqual(
      expect.arrayContaining([
        'customer',
        'provider',
        'contract',
        'site',
        'rack',
        'device',
        'network',
        'vm',
        'service',
        'website',
        'person',
      ]),
    );
  });

  it('points editors at the schema and uses loopback addresses only', () => {
    for (const source of inventorySkeleton()) {
      expect(source.content.startsWith(`# yaml-language-server: $schema=${SKELETON_SCHEMA_FILE}\n`)).toBe(
        true,
      );
      for (const address of source.content.match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? [])
        expect(address).toMatch(/^127\./);
    }
  });
});
