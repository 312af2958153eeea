/** Store tables of the inventory domain. */
import type { Generated } from 'kysely';

/** One applied inventory object: its kind (`vm`, `website`...), key (its id in YAML) and spec as JSON. */
export interface InventoryObjectsTable {
  kind: string;
  key: string;
  /** The object's spec, canonical JSON of the validated YAML object. */
  spec: string;
  /** Where it was declared, `file:line:column`, relative to the inventory root. */
  source: string;
  /** The revision that last added or changed this object. */
  revision_id: number;
  created_at: string;
  updated_at: string;
}

/** One successful `vigie apply`. */
export interface InventoryRevisionsTable {
  id: Generated<number>;
  applied_at: string;
  actor: string;
  /** JSON `{added, changed, removed}` counts. */
  summary: string;
  /** JSON of the full plan that was applied. */
  changes: string;
  /** SHA-256 of the desired object set, to recognise a re-apply of the same files. */
  digest: string;
}

export interface InventoryTables {
  inventory_objects: InventoryObjectsTable;
  inventory_revisions: InventoryRevisionsTable;
}
