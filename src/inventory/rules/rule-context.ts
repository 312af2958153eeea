/** What inventory-wide rules work on: every declared object with its location, and a way to report problems. */
import { formatFieldPath } from '../loading/field-path.js';
import type { LocateMode, SourcePosition } from '../loading/yaml-source.js';
import type { InventoryProblem, ObjectKind } from '../model.js';
import { sectionOf } from '../schema/document.js';

type Path = readonly (string | number)[];

/** One object as declared in a file, valid or not, with a way back to its source. */
export interface LocatedObject {
  readonly kind: ObjectKind;
  readonly key: string;
  readonly file: string;
  /** Where the object is in its file: `['vms', 1]`, `['customer']`. */
  readonly path: Path;
  /** Whether it passed its schema; when not, `data` is the raw mapping and rules must read it warily. */
  readonly valid: boolean;
  /** The normalised object (or the raw one when invalid), `id` included. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The position of a node of the file, by its full document path. */
  readonly locate: (path: Path, mode?: LocateMode) => SourcePosition;
}

export interface RuleExtra {
  readonly expected?: string;
  readonly hint?: string | undefined;
}

export interface RuleContext {
  /** Every object, in file order; several may share a key when ids are duplicated. */
  readonly objects: readonly LocatedObject[];
  /** The objects of one kind, first declaration of each key. */
  byKind(kind: ObjectKind): ReadonlyMap<string, LocatedObject>;
  /** Reports a problem at a field of an object (`[]` for the object itself). */
  report(
    object: LocatedObject,
    field: Path,
    severity: 'error' | 'warning',
    message: string,
    extra?: RuleExtra,
  ): void;
  /** Reports a problem about the inventory as a whole. */
  reportGlobal(severity: 'error' | 'warning', message: string, extra?: RuleExtra): void;
}

export type InventoryRule = (context: RuleContext) => void;

/** Builds the context for `objects`; problems land in `problems`. `inventoryFile` names whole-inventory problems. */
export function createRuleContext(
  objects: readonly LocatedObject[],
  inventoryFile: string,
  problems: InventoryProblem[],
): RuleContext {
  const kinds = new Map<ObjectKind, Map<string, LocatedObject>>();
  for (const object of objects) {
    const ofKind = kinds.get(object.kind) ?? new Map<string, LocatedObject>();
    if (!ofKind.has(object.key)) ofKind.set(object.key, object);
    kinds.set(object.kind, ofKind);
  }
  const empty: ReadonlyMap<string, LocatedObject> = new Map();
  return {
    objects,
    byKind: (kind) => kinds.get(kind) ?? empty,
    report: (object, field, severity, message, extra = {}) => {
      const path = [...object.path, ...field];
      const position = object.locate(path);
      problems.push({
        severity,
        file: object.file,
        line: position.line,
        column: position.column,
        path: formatFieldPath(path),
        message,
        ...(extra.expected === undefined ? {} : { expected: extra.expected }),
        ...(extra.hint === undefined ? {} : { hint: extra.hint }),
      });
    },
    reportGlobal: (severity, message, extra = {}) => {
      problems.push({
        severity,
        file: inventoryFile,
        line: 0,
        column: 0,
        path: '',
        message,
        ...(extra.expected === undefined ? {} : { expected: extra.expected }),
        ...(extra.hint === undefined ? {} : { hint: extra.hint }),
      });
    },
  };
}

/** `file:line:column` of an object's field, for messages that point at a second place. */
export function whereIs(object: LocatedObject, field: Path = []): string {
  const position = object.locate([...object.path, ...field]);
  return `${object.file}:${position.line}:${position.column}`;
}

/** How messages name an object: `VM "db03"`, `the customer "gip-paca"`. */
export function nameOf(object: LocatedObject): string {
  return `${sectionOf(object.kind).label} "${object.key}"`;
}

/** Reads a field of an object's data when it has the wanted type. */
export function stringField(data: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const value = data[field];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a finite number field of an object's data. */
export function numberField(data: Readonly<Record<string, unknown>>, field: string): number | undefined {
  const value = data[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Reads a list of mappings; items that are not mappings read as empty ones. */
export function recordsField(
  data: Readonly<Record<string, unknown>>,
  field: string,
): Readonly<Record<string, unknown>>[] {
  const value = data[field];
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? (item as Record<string, unknown>)
      : {},
  );
}

/** A list of names, capped so that messages stay readable. */
export function listNames(names: readonly string[], max = 12): string {
  if (names.length === 0) return 'none';
  return names.length <= max
    ? names.join(', ')
    : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
