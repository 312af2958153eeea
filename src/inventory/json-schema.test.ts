import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INVENTORY_SCHEMA_PATH, inventoryJsonSchema, inventoryJsonSchemaText } from './json-schema.js';
import { inventorySkeleton } from './skeleton.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/gip-paca');

type Schema = Record<string, unknown>;

/** A small draft-07 validator for the keywords the generated schema uses; returns the failing paths. */
function violations(schema: Schema, value: unknown, at = ''): string[] {
  const problems: string[] = [];
  const fail = (why: string) => problems.push(`${at || '(root)'}: ${why}`);
  if (Array.isArray(schema.anyOf)) {
    if (!(schema.anyOf as Schema[]).some((option) => violations(option, value, at).length === 0))
      fail('matches no anyOf option');
    return problems;
  }
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  const types = schema.type === undefined ? undefined : [schema.type].flat();
  const typeFits = (type: unknown) => (type === 'integer' ? Number.isInteger(value) : type === actual);
  if (types !== undefined && !types.some(typeFits)) return [`${at}: ${actual} is not ${types.join(' or ')}`];
  if ('const' in schema && schema.const !== value) fail(`is not ${String(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) fail(`${String(value)} is not in enum`);
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value))
      fail(`"${value}" does not match ${schema.pattern}`);
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail('too short');
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('below minimum');
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('above maximum');
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('too few items');
    value.forEach((item, index) => {
      problems.push(...violations((schema.items ?? {}) as Schema, item, `${at}[${index}]`));
    });
  }
  if (actual === 'object') {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in record)) fail(`lacks ${key}`);
    for (const [key, item] of Object.entries(record)) {
      const property = properties[key];
      if (property) problems.push(...violations(property, item, at ? `${at}.${key}` : key));
      else if (schema.additionalProperties === false) fail(`unknown key ${key}`);
    }
  }
  return problems;
}

describe('the inventory JSON Schema', () => {
  it('is the committed schema/inventory.schema.json (regenerate with VIGIE_UPDATE_SCHEMA=1)', () => {
    const file = path.join(ROOT, INVENTORY_SCHEMA_PATH);
    const current = inventoryJsonSchemaText();
    if (process.env.VIGIE_UPDATE_SCHEMA === '1') fs.writeFileSync(file, current);
    expect(fs.existsSync(file), `${INVENTORY_SCHEMA_PATH} is missing`).toBe(true);
    expect(
      fs.readFileSync(file, 'utf8') === current,
      `${INVENTORY_SCHEMA_PATH} is stale: run VIGIE_UPDATE_SCHEMA=1 npx vitest run src/inventory/json-schema.test.ts`,
    ).toBe(true);
  });

  it('describes every section with help for editors, and no key of Vigie own', () => {
    const schema = inventoryJsonSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    const properties = schema.properties as Record<string, Schema>;
    expect(Object.keys(properties)).toEqual([
      'version',
      'customer',
      'provider',
      'contract',
      'sites',
      'racks',
      'devices',
      'networks',
      'vms',
      'services',
      'websites',
      'databases',
      'people',
      'check_defaults',
      'alerting',
      'backup',
    ]);
    const vm = (properties.vms?.items ?? {}) as Schema;
    const memory = (vm.properties as Record<string, Schema>).memory;
    expect(memory).toMatchObject({
      type: 'string',
      description: 'Memory, e.g. 16GiB.',
      examples: ['16GiB', '512MiB', '1TB'],
    });
    expect(typeof memory?.pattern).toBe('string');
    expect(JSON.stringify(schema)).not.toContain('"expected"');
  });

  it('accepts every file of the example and of the skeleton', () => {
    const schema = inventoryJsonSchema();
    for (const name of fs.readdirSync(EXAMPLE)) {
      expect(violations(schema, parse(fs.readFileSync(path.join(EXAMPLE, name), 'utf8'))), name).toEqual([]);
    }
    for (const source of inventorySkeleton())
      expect(violations(schema, parse(source.content)), source.path).toEqual([]);
  });

  it('underlines an unknown key, a malformed size and a wrong enum value', () => {
    const document = parse(
      'vms:\n  - id: a\n    hypervisor: h\n    vcpu: 1\n    memory: 16 GB\n    disks: [{ name: vda, size: 1GiB }]\n    os: { family: debain, version: 12 }\n    colour: blue\n',
    );
    expect(violations(inventoryJsonSchema(), document)).toEqual([
      expect.stringMatching(/^vms\[0\]\.memory: "16 GB" does not match/),
      'vms[0].os.family: debain is not in enum',
      'vms[0]: unknown key colour',
    ]);
  });
});
