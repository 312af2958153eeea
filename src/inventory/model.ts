/** The shapes shared by the inventory loader (files → objects) and plan/apply (objects → store). */

/** Every kind of object the inventory declares, in the order plans and pages list them. */
export const OBJECT_KINDS = [
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
  'database',
  'person',
  'check_defaults',
  'alerting',
  'backup',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** One object as the inventory files declare it, ready to compare with the store. */
export interface DesiredObject {
  readonly kind: ObjectKind;
  /** The object's `id` in YAML: lowercase, unique within its kind. */
  readonly key: string;
  /** The validated object, normalised (sizes in bytes, durations in seconds), without `id`. */
  readonly spec: Readonly<Record<string, unknown>>;
  /** Where it is declared: `file:line:column`, the file relative to the inventory root. */
  readonly source: string;
}

/** One problem found in inventory files, located precisely enough to fix without searching. */
export interface InventoryProblem {
  readonly severity: 'error' | 'warning';
  /** File path as the user gave it (relative when they gave it relative). */
  readonly file: string;
  /** 1-based; 0 when the problem concerns the whole file set. */
  readonly line: number;
  readonly column: number;
  /** Field path in the document, e.g. `vms[2].memory`. Empty for a whole-file problem. */
  readonly path: string;
  /** What is wrong, in a sentence. */
  readonly message: string;
  /** What was expected, e.g. `a size such as 16GiB`. */
  readonly expected?: string;
  /** How to fix it, e.g. `did you mean "hypervisor"?`. */
  readonly hint?: string;
}

/** Inventory file contents, as read from disk or sent to the API. */
export interface InventorySource {
  readonly path: string;
  readonly content: string;
}

export type InventoryLoadResult =
  | {
      readonly ok: true;
      readonly objects: readonly DesiredObject[];
      readonly warnings: readonly InventoryProblem[];
    }
  | {
      readonly ok: false;
      readonly errors: readonly InventoryProblem[];
      readonly warnings: readonly InventoryProblem[];
    };

/** A link from one object to another, for object pages and reference checks. */
export interface ObjectRelation {
  /** The field that holds the reference, e.g. `hypervisor`, `host`, `access.websites`. */
  readonly relation: string;
  readonly kind: ObjectKind;
  readonly key: string;
}
