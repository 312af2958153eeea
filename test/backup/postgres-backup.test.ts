/**
 * The PostgreSQL backup path against the machine's real PostgreSQL and a real restic repository:
 * dump in an exported snapshot, row counts, globals, full-read verification, and the faults that must
 * never leave a good-looking artifact (the server ending the dump, a flipped byte, a wrong key).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupStageError, storeStream } from '../../src/backup/pipeline.js';
import { initRepository, listSnapshots, type ResticRepository } from '../../src/backup/restic.js';
import { startPostgresDump, startPostgresGlobalsDump } from '../../src/backup/sources/postgres.js';
import { VerificationError, verifyArtifact } from '../../src/backup/verify.js';

const ADMIN = process.env.VIGIE_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = `vigie_backup_src_${process.pid}`;
const target = { host: '127.0.0.1', port: 5432, database: DATABASE, user: 'postgres' };
let dir: string;
let repo: ResticRepository;

async function admin<T>(fn: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const url = new URL(ADMIN);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-pg-backup-'));
  repo = { location: path.join(dir, 'repo'), password: 'drill-key' };
  await initRepository(repo);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${DATABASE}`));
  await admin((c) => c.query(`CREATE DATABASE ${DATABASE}`));
  await admin(async (c) => {
    await c.query('CREATE SCHEMA "Ventes"');
    await c.query('CREATE TABLE "Ventes"."Commandes" (id serial PRIMARY KEY, client text, total numeric)');
    await c.query(
      `INSERT INTO "Ventes"."Commandes" (client, total) SELECT 'client-' || (i % 997), i * 1.5 FROM generate_series(1, 300000) i`,
    );
    await c.query('CREATE TABLE public.formations (id int PRIMARY KEY, titre text)');
    await c.query(
      `INSERT INTO public.formations SELECT i, 'Formation ' || i FROM generate_series(1, 1234) i`,
    );
    await c.query('CREATE TABLE public.vide (id int)');
  }, DATABASE);
}, 120_000);

afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL backup', () => {
  it('dumps in the counted snapshot, stores, and verifies by a full read', async () => {
    const session = await startPostgresDump(target);
    const stored = await storeStream(session.dump, repo, {
      filename: `${DATABASE}.pgdump`,
      tags: ['vigie-run=pg-1'],
      hostname: 'vigie-test',
    });
    const counts = await session.counts;
    await session.close();
    expect(counts).toEqual([
      { table: 'Ventes.Commandes', rows: 300_000 },
      { table: 'public.formations', rows: 1234 },
      { table: 'public.vide', rows: 0 },
    ]);
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.bytes).toBeGreaterThan(1_000_000);
    expect(session.serverVersion).toMatch(/^\d+/);
    await verifyArtifact(repo, { ...stored, reader: 'pg_restore', binDir: session.client.binDir });

    const globals = await storeStream(startPostgresGlobalsDump(target, session.client), repo, {
      filename: 'globals.sql',
      tags: ['vigie-run=pg-1'],
      hostname: 'vigie-test',
    });
    expect(globals.bytes).toBeGreaterThan(0);
    await verifyArtifact(repo, { ...globals, reader: 'none' });
  });

  it('records nothing when the server ends the dump midway', async () => {
    const session = await startPostgresDump(target);
    // The server side of pg_dump dies (as when the database is stopped) once the copy is under way.
    const killer = (async () => {
      for (let i = 0; i < 200; i += 1) {
        const killed = await admin((c) =>
          c.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = $1 AND application_name = 'vigie-backup' AND query ILIKE 'COPY%'`,
            [DATABASE],
          ),
        );
        if ((killed.rowCount ?? 0) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const outcome = storeStream(session.dump, repo, {
      filename: `${DATABASE}.pgdump`,
      tags: ['vigie-run=pg-killed'],
      hostname: 'vigie-test',
    });
    await killer;
    const error = await outcome.then(
      () => undefined,
      (e: unknown) => e,
    );
    await session.close();
    expect(error).toBeInstanceOf(BackupStageError);
    expect((error as BackupStageError).stage).toBe('source');
    expect((error as Error).message).toMatch(/pg_dump .*(exited with status|killed)/);
    expect(await listSnapshots(repo, 'vigie-run=pg-killed')).toEqual([]);
  });

  it('fails verification on a wrong key and on a recorded digest that does not match', async () => {
    const session = await startPostgresDump(target);
    const stored = await storeStream(session.dump, repo, {
      filename: `${DATABASE}.pgdump`,
      tags: ['vigie-run=pg-3'],
      hostname: 'vigie-test',
    });
    await session.close();
    await expect(
      verifyArtifact({ ...repo, password: 'wrong' }, { ...stored, reader: 'pg_restore' }),
    ).rejects.toThrow(/does not open with this key/);
    const flipped = `${stored.sha256.slice(0, 63)}${stored.sha256.endsWith('0') ? '1' : '0'}`;
    await expect(
      verifyArtifact(repo, { ...stored, sha256: flipped, reader: 'pg_restore' }),
    ).rejects.toBeInstanceOf(VerificationError);
  });
});
