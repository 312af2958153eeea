/** The JSON Schema of inventory files, generated from the same zod schemas, for editors to complete and underline YAML. */
import { z } from 'zod';
import { inventoryDocumentSchema } from './schema/document.js';

/** Where the generated schema is committed, relative to the repository root. */
export const INVENTORY_SCHEMA_PATH = 'schema/inventory.schema.json';

// Keys Vigie keeps in zod metadata for its own messages; they mean nothing to a JSON Schema validator.
const PRIVATE_META_KEYS = ['expected'] as const;

/**
 * The JSON Schema (draft-07, the draft editors' YAML plugins support best) of one inventory file.
 * Values written in human units are described as strings with patterns; checks such as SIRET keys
 * or cross-references are beyond JSON Schema and stay with `vigie validate`.
 */
export function inventoryJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(inventoryDocumentSchema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      const schema = jsonSchema as Record<string, unknown>;
      for (const key of PRIVATE_META_KEYS) delete schema[key];
      // zod bounds integers to the safe range; editors would show these numbers as if they meant something.
      if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
      if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
    },
  });
  return generated as Record<string, unknown>;
}

/** The schema as the committed file holds it: two-space JSON and a final newline. */
export function inventoryJsonSchemaText(): string {
  return `${JSON.stringify(inventoryJsonSchema(), null, 2)}\n`;
}
