/**
 * The MariaDB backup path against the machine's real MariaDB and a real restic repository: one
 * consistent dump with routines, triggers and events, rows counted from the stream, users and grants,
 * verification of the dump's completion, and a dump cut by the server recorded as nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupStageError, storeStream } from '../../src/backup/pipeline.js';
import {
  initRepository,
  listSnapshots,
  type ResticRepository,
  readSnapshotFile,
} from '../../src/backup/restic.js';
import { sourceProcess } from '../../src/backup/source-process.js';
import { inspectMariadb, startMariadbDump, startMariadbUsersDump } from '../../src/backup/sources/mariadb.js';
import { SqlRowCounter } from '../../src/backup/sources/sql-row-counter.js';
import { verifyArtifact } from '../../src/backup/verify.js';

const DATABASE = `vigie_backup_src_${process.pid}`;
const target = { host: '127.0.0.1', port: 3306, database: DATABASE, user: 'root' };
let dir: string;
let repo: ResticRepository;

async function admin<T>(fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    multipleStatements: true,
  });
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-maria-backup-'));
  repo = { location: path.join(dir, 'repo'), password: 'k' };
  await initRepository(repo);
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS \`${DATABASE}\`; CREATE DATABASE \`${DATABASE}\``);
    await c.query(`USE \`${DATABASE}\``);
    await c.query('CREATE TABLE articles (id INT PRIMARY KEY, titre VARCHAR(200), corps TEXT, image BLOB)');
    await c.query(
      `INSERT INTO articles
         SELECT seq, CONCAT('L''été (', seq, '), ; \\\\ fin'), REPEAT('texte ', 20), UNHEX('2829273B')
           FROM seq_1_to_60000`,
    );
    await c.query('CREATE TABLE vide (id INT)');
    await c.query('CREATE VIEW derniers AS SELECT id FROM articles WHERE id > 59990');
    await c.query('CREATE TRIGGER articles_ai AFTER INSERT ON articles FOR EACH ROW SET @n = 1');
    await c.query('CREATE PROCEDURE compte() SELECT COUNT(*) FROM articles');
  });
}, 120_000);

afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS \`${DATABASE}\``));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('MariaDB backup', () => {
  it('dumps in one transaction with routines and triggers, counts rows from the stream, and verifies', async () => {
    const info = await inspectMariadb(target);
    expect(info.tables).toEqual(['articles', 'vide']);
    const counter = new SqlRowCounter();
    counter.declareTables(info.tables);
    const stored = await storeStream(startMariadbDump(target), repo, {
      filename: `${DATABASE}.sql`,
      tags: ['vigie-run=maria-1'],
      hostname: 'vigie-test',
      observe: (chunk) => counter.push(chunk),
    });
    expect(counter.counts()).toEqual([
      { table: 'articles', rows: 60_000 },
      { table: 'vide', rows: 0 },
    ]);
    await verifyArtifact(repo, { ...stored, reader: 'sql' });
    const read = readSnapshotFile(repo, stored.snapshotId, `${DATABASE}.sql`);
    let text = '';
    for await (const chunk of read.output) text += (chunk as Buffer).toString('utf8');
    await read.done;
    expect(text).toContain('CREATE DEFINER');
    expect(text).toMatch(/TRIGGER `?articles_ai`?/);
    expect(text).toContain('PROCEDURE `compte`');
    expect(text).not.toContain('CREATE DATABASE');

    const users = await storeStream(startMariadbUsersDump(target), repo, {
      filename: 'users.sql',
      tags: ['vigie-run=maria-1'],
      hostname: 'vigie-test',
    });
    await verifyArtifact(repo, { ...users, reader: 'sql' });
  });

  it('records nothing when the server cuts the dump, and verification refuses a truncated SQL dump', async () => {
    const killer = (async () => {
      for (let i = 0; i < 400; i += 1) {
        const killed = await admin(async (c) => {
          const [rows] = await c.query<mysql.RowDataPacket[]>(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE 'SELECT /*!40001 SQL_NO_CACHE */%'",
            [DATABASE],
          );
          for (const row of rows) await c.query(`KILL ${Number(row.ID)}`);
          return rows.length > 0;
        });
        if (killed) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const outcome = storeStream(startMariadbDump(target), repo, {
      filename: `${DATABASE}.sql`,
      tags: ['vigie-run=maria-killed'],
      hostname: 'vigie-test',
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await killer;
    const error = await outcome;
    expect(error).toBeInstanceOf(BackupStageError);
    expect((error as Error).message).toMatch(/mariadb-dump .*exited with status/);
    expect(await listSnapshots(repo, 'vigie-run=maria-killed')).toEqual([]);

    // A dump that ended early but whose tool said 0 (a proxy, a pipe) still fails its full read.
    const truncated = sourceProcess(
      spawn('printf', ['%s', "-- MariaDB dump\nINSERT INTO `articles` VALUES (1,'x'"], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
      'printf',
    );
    const stored = await storeStream(truncated, repo, {
      filename: 'cut.sql',
      tags: [],
      hostname: 'vigie-test',
    });
    await expect(verifyArtifact(repo, { ...stored, reader: 'sql' })).rejects.toThrow(
      /Dump completed.*truncated/,
    );
  });
});
