/** Queries on the inventory tables (objects and revisions); only this domain's modules use them. */
import type { Kysely } from 'kysely';
import { canonicalJson } from '../audit/canonical-json.js';
import type { Database } from '../store/database.js';
import { fromJsonColumn, toJsonColumn } from '../store/json.js';
import type { ObjectKind } from './model.js';

/** An inventory object as applied in the store. */
export interface StoredObject {
  readonly kind: ObjectKind;
  readonly key: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly source: string;
  /** The revision that last added or changed it. */
  readonly revisionId: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One applied revision, without its full plan. */
export interface RevisionRow {
  readonly id: number;
  readonly appliedAt: string;
  readonly actor: string;
  readonly summary: { readonly add: number; readonly change: number; readonly remove: number };
  readonly digest: string;
}

type Db = Kysely<Database>;

/** Every stored object, or those of one kind, ordered by kind then key. */
export async function selectObjects(
  db: Db,
  filter: { kind?: ObjectKind | undefined } = {},
): Promise<StoredObject[]> {
  let query = db.selectFrom('inventory_objects').selectAll();
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  const rows = await query.orderBy('kind').orderBy('key').execute();
  return rows.map(toStoredObject);
}

/** One stored object, or undefined. */
export async function selectObject(db: Db, kind: ObjectKind, key: string): Promise<StoredObject | undefined> {
  const row = await db
    .selectFrom('inventory_objects')
    .selectAll()
    .where('kind', '=', kind)
    .where('key', '=', key)
    .executeTakeFirst();
  return row === undefined ? undefined : toStoredObject(row);
}

/** Number of stored objects per kind (kinds without objects are absent). */
export async function countObjectsByKind(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('inventory_objects')
    .select(['kind', db.fn.countAll<number | string | bigint>().as('n')])
    .groupBy('kind')
    .execute();
  return new Map(rows.map((row) => [row.kind, Number(row.n)]));
}

export interface ObjectWrite {
  readonly kind: ObjectKind;
  readonly key: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly source: string;
}

/** Inserts a new object, created and updated at `at` by `revisionId`. */
export async function insertObject(
  db: Db,
  object: ObjectWrite,
  revisionId: number,
  at: string,
): Promise<void> {
  await db
    .insertInto('inventory_objects')
    .values({
      kind: object.kind,
      key: object.key,
      spec: canonicalJson(object.spec),
      source: object.source,
      revision_id: revisionId,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** Replaces an object's spec and source, marking it changed by `revisionId` at `at`. */
export async function updateObject(
  db: Db,
  object: ObjectWrite,
  revisionId: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('inventory_objects')
    .set({ spec: canonicalJson(object.spec), source: object.source, revision_id: revisionId, updated_at: at })
    .where('kind', '=', object.kind)
    .where('key', '=', object.key)
    .execute();
}

/** Records where an unchanged object is now declared, without marking it changed. */
export async function updateObjectSource(
  db: Db,
  kind: ObjectKind,
  key: string,
  source: string,
): Promise<void> {
  await db
    .updateTable('inventory_objects')
    .set({ source })
    .where('kind', '=', kind)
    .where('key', '=', key)
    .execute();
}

export async function deleteObject(db: Db, kind: ObjectKind, key: string): Promise<void> {
  await db.deleteFrom('inventory_objects').where('kind', '=', kind).where('key', '=', key).execute();
}

export interface RevisionInsert {
  readonly appliedAt: string;
  readonly actor: string;
  readonly summary: RevisionRow['summary'];
  readonly changes: unknown;
  readonly digest: string;
}

/** Inserts a revision and returns its id. */
export async function insertRevision(db: Db, revision: RevisionInsert): Promise<number> {
  const row = await db
    .insertInto('inventory_revisions')
    .values({
      applied_at: revision.appliedAt,
      actor: revision.actor,
      summary: toJsonColumn(revision.summary),
      changes: toJsonColumn(revision.changes),
      digest: revision.digest,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Revisions, newest first. */
export async function selectRevisions(
  db: Db,
  options: { limit: number; beforeId?: number | undefined },
): Promise<RevisionRow[]> {
  let query = db.selectFrom('inventory_revisions').select(['id', 'applied_at', 'actor', 'summary', 'digest']);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map((row) => ({
    id: Number(row.id),
    appliedAt: row.applied_at,
    actor: row.actor,
    summary: fromJsonColumn<RevisionRow['summary']>(row.summary) ?? { add: 0, change: 0, remove: 0 },
    digest: row.digest,
  }));
}

/** One revision with the full plan it applied, or undefined. */
export async function selectRevision(
  db: Db,
  id: number,
): Promise<(RevisionRow & { changes: unknown }) | undefined> {
  const row = await db.selectFrom('inventory_revisions').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: Number(row.id),
    appliedAt: row.applied_at,
    actor: row.actor,
    summary: fromJsonColumn<RevisionRow['summary']>(row.summary) ?? { add: 0, change: 0, remove: 0 },
    digest: row.digest,
    changes: fromJsonColumn(row.changes),
  };
}

function toStoredObject(row: Database['inventory_objects']): StoredObject {
  return {
    kind: row.kind as ObjectKind,
    key: row.key,
    spec: fromJsonColumn<Record<string, unknown>>(row.spec) ?? {},
    source: row.source,
    revisionId: Number(row.revision_id),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
