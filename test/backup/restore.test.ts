/**
 * `vigie restore` end to end on the dialect under test, against the machine's real PostgreSQL and
 * MariaDB, a real sshd for files, and real restic: dry runs change nothing, destructive targets need
 * their name, round trips give back every row and file, a restore tool that fails halfway leaves the
 * origin as it was, and a wrong repository key is told as such.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/audit/list-events.js';
import { listRuns } from '../../src/backup/catalog.js';
import { planRestore } from '../../src/backup/restore.js';
import { REPOSITORY_KEY_KIND } from '../../src/backup/service.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/config.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { listJournalEntries } from '../../src/journal/list-entries.js';
import { createLogger } from '../../src/log/logger.js';
import { loadSecretBox } from '../../src/remote/secret-box.js';
import { openSecretValue, storeSecretValue } from '../../src/remote/secrets.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { openStore, type Store } from '../../src/store/store.js';
import { systemClock } from '../../src/time/clock.js';
import { captureIo } from '../support/cli-io.js';
import { desired } from '../support/inventory-fixtures.js';
import { type SshdFixture, startSshd } from '../support/sshd.js';
import {
  createTestEnvironment,
  pgAdminQuery,
  TEST_DIALECT,
  type TestEnvironment,
} from '../support/test-store.js';

const PG_DB = `vigie_restore_${process.pid}_${TEST_DIALECT}`;
const PG_COPY = `${PG_DB}_copie`;
const MARIA_DB = `vigie_restore_${process.pid}_${TEST_DIALECT}`;
const MARIA_COPY = `${MARIA_DB}_copie`;
const OWNER_ROLE = `vigie_restore_owner_${process.pid}_${TEST_DIALECT}`;
const ALLOW = '127.0.0.0/8';

const stagiaires = (database: string) =>
  pgAdminQuery<{ id: number; nom: string; photo: Buffer | null }>(
    'SELECT id, nom, photo FROM stagiaires ORDER BY id',
    database,
  );
const sessions = (database: string) =>
  pgAdminQuery<{ id: number; titre: string }>(
    'SELECT id, titre FROM archives.sessions ORDER BY id',
    database,
  );
const pgDatabasesLike = async (prefix: string) =>
  // The prefixes are this test's own constants.
  (
    await pgAdminQuery<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, '${prefix}') ORDER BY datname`,
    )
  ).map((row) => row.datname);

async function maria<T>(fn: (c: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await mysql.createConnection({
    host: '127.0.0.1',
    user: 'root',
    multipleStatements: true,
  });
  try {
    return await fn(connection);
  } finally {
    await connection.end();
  }
}
const articles = (database: string) =>
  maria(async (c) => {
    const [rows] = await c.query(`SELECT id, titre, corps FROM \`${database}\`.articles ORDER BY id`);
    return rows;
  });

function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[path.relative(root, full)] = fs.readFileSync(full).toString('base64');
    }
  };
  walk(root);
  return out;
}

describe(`vigie restore on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  let store: Store;
  let deps: CoreDeps;
  let sshd: SshdFixture;
  let dir: string;
  let site: string;
  let runs: { pg: string; maria: string; files: string };
  let pgBefore: unknown;
  let sessionsBefore: unknown;
  let mariaBefore: unknown;
  let siteBefore: Record<string, string>;

  const env = () => ({ ...environment.env, VIGIE_OUTBOUND_ALLOW: ALLOW });
  const vigie = async (...argv: string[]) => {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...argv], io, env());
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };
  /** A terminal where the operator types `answer` when asked. */
  const vigieOnTerminal = async (answer: string, ...argv: string[]) => {
    const captured = captureIo(answer);
    const asked: string[] = [];
    const io: CliIo = {
      ...captured,
      interactive: true,
      readLine: async (question) => {
        asked.push(question);
        return answer;
      },
    };
    const code = await main(['node', 'vigie', ...argv], io, env());
    return { code, asked, stdout: captured.stdout.join('\n'), stderr: captured.stderr.join('\n') };
  };
  const restoreAudits = async () =>
    (await listAuditEvents(store.db, { limit: 200 })).filter((event) => event.action === 'backup.restore');

  beforeAll(async () => {
    environment = await createTestEnvironment();
    const config = loadConfig(env());
    store = await openStore(config);
    deps = { config, store, clock: systemClock, logger: createLogger({ logLevel: 'silent' }) };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-restore-test-'));
    site = path.join(dir, 'www', 'formation');
    fs.mkdirSync(path.join(site, 'uploads'), { recursive: true });
    fs.writeFileSync(path.join(site, 'index.php'), '<?php echo "Bienvenue à Marseille";\n');
    fs.writeFileSync(
      path.join(site, 'uploads', 'plan.bin'),
      Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256)),
    );
    siteBefore = tree(site);
    sshd = await startSshd();
    const keyFile = path.join(dir, 'client_key');
    fs.writeFileSync(keyFile, sshd.clientPrivateKey, { mode: 0o600 });

    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_COPY} WITH (FORCE)`);
    await pgAdminQuery(`DROP ROLE IF EXISTS ${OWNER_ROLE}`);
    await pgAdminQuery(`CREATE ROLE ${OWNER_ROLE}`);
    await pgAdminQuery(`CREATE DATABASE ${PG_DB}`);
    await pgAdminQuery(
      "CREATE TABLE stagiaires AS SELECT i AS id, 'stagiaire n°' || i AS nom, CASE WHEN i % 3 = 0 THEN decode(md5(i::text), 'hex') END AS photo FROM generate_series(1, 3000) i",
      PG_DB,
    );
    await pgAdminQuery('ALTER TABLE stagiaires ADD PRIMARY KEY (id)', PG_DB);
    await pgAdminQuery('CREATE SCHEMA archives', PG_DB);
    await pgAdminQuery(
      "CREATE TABLE archives.sessions AS SELECT i AS id, 'session ' || i AS titre FROM generate_series(1, 40) i",
      PG_DB,
    );
    // Owned by a role of its own: a restore to the origin keeps owners, which lets a test make it fail.
    await pgAdminQuery(`ALTER TABLE archives.sessions OWNER TO ${OWNER_ROLE}`, PG_DB);
    pgBefore = await stagiaires(PG_DB);
    sessionsBefore = await sessions(PG_DB);

    await maria((c) =>
      c.query(`DROP DATABASE IF EXISTS \`${MARIA_DB}\`; DROP DATABASE IF EXISTS \`${MARIA_COPY}\`;
        CREATE DATABASE \`${MARIA_DB}\` CHARACTER SET utf8mb4; USE \`${MARIA_DB}\`;
        CREATE TABLE articles (id INT PRIMARY KEY, titre VARCHAR(200), corps BLOB);
        INSERT INTO articles SELECT seq, CONCAT('Article é ', seq), UNHEX(MD5(seq)) FROM seq_1_to_800;`),
    );
    mariaBefore = await articles(MARIA_DB);

    await applyInventory(deps, {
      actor: 'test',
      objects: [
        desired('network', 'lan', { prefix: '127.0.0.0/8' }),
        desired('vm', 'db1', {
          name: 'DB1',
          hypervisor: 'hv',
          interfaces: [{ name: 'ens18', network: 'lan', address: '127.0.0.1/8' }],
        }),
        desired('vm', 'web1', {
          name: 'WEB1',
          hypervisor: 'hv',
          ssh: { address: sshd.host, port: sshd.port, user: sshd.user, key: 'web-key' },
        }),
        desired('service', 'db1-postgresql', {
          host: 'db1',
          host_kind: 'vm',
          kind: 'postgresql',
          ports: [{ port: 5432, protocol: 'tcp' }],
        }),
        desired('service', 'db1-mariadb', {
          host: 'db1',
          host_kind: 'vm',
          kind: 'mariadb',
          ports: [{ port: 3306, protocol: 'tcp' }],
        }),
        desired('database', 'formation', {
          engine: 'postgresql',
          server: 'db1-postgresql',
          name: PG_DB,
          owner: 'postgres',
        }),
        desired('database', 'cms', {
          engine: 'mariadb',
          server: 'db1-mariadb',
          name: MARIA_DB,
          owner: 'root',
        }),
        desired('website', 'formation', {
          name: 'Formation',
          host: 'web1',
          host_kind: 'vm',
          domains: ['formation.test'],
          tls: { mode: 'none' },
          document_root: site,
        }),
        desired('backup', 'backup', {
          destinations: [{ id: 'local', type: 'local', path: path.join(dir, 'repo') }],
          accounts: { 'db1-postgresql': { user: 'postgres' }, 'db1-mariadb': { user: 'root' } },
        }),
      ],
    });
    expect((await vigie('secret', 'set-ssh-key', 'web-key', '--file', keyFile)).code).toBe(0);
    await vigie('remote', 'run', 'web1', '--', 'true');
    expect((await vigie('hostkey', 'approve', 'web1')).code).toBe(0);
    expect((await vigie('backup', 'init')).code).toBe(0);
    const backedUp = await vigie('backup', 'run');
    expect(backedUp.code, `${backedUp.stdout}\n${backedUp.stderr}`).toBe(0);
    const all = await listRuns(store.db, {});
    const idOf = (source: string) => all.find((run) => run.source === source)?.id ?? '';
    runs = {
      pg: idOf('database:formation'),
      maria: idOf('database:cms'),
      files: idOf('files:website-formation'),
    };
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    await environment?.cleanup();
    await sshd?.stop();
    for (const name of await pgDatabasesLike(PG_DB).catch(() => []))
      await pgAdminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await pgAdminQuery(`DROP ROLE IF EXISTS ${OWNER_ROLE}`);
    await maria(async (c) => {
      const [rows] = await c.query<mysql.RowDataPacket[]>('SHOW DATABASES');
      for (const row of rows) {
        const name = String(Object.values(row)[0]);
        if (name.startsWith(MARIA_DB)) await c.query(`DROP DATABASE \`${name}\``);
      }
    });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the plan of a dry run and changes nothing', async () => {
    await pgAdminQuery('DELETE FROM stagiaires WHERE id > 2500', PG_DB);
    const plan = await vigie('restore', runs.pg, '--dry-run');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`Restore of database:formation (postgresql), run ${runs.pg}`);
    expect(plan.stdout).toMatch(/verified \(read back in full\)/);
    expect(plan.stdout).toContain(`target: the database ${PG_DB} on db1-postgresql (its origin)`);
    expect(plan.stdout).toContain(`DESTRUCTIVE: ${PG_DB} holds data now`);
    expect(plan.stdout).toMatch(/1\. create the side database .*_restore_/);
    expect(plan.stdout).toMatch(
      /tools: restic \(restic 0\.\d+.*pg_restore -j 2 \(pg_restore \(PostgreSQL\) \d+/,
    );
    expect(await pgDatabasesLike(PG_DB)).toEqual([PG_DB]);
    expect(await stagiaires(PG_DB)).toHaveLength(2500);
    expect(await restoreAudits()).toEqual([]);

    const json = JSON.parse((await vigie('restore', runs.files, '--dry-run', '--json')).stdout) as {
      plan: { destructive: boolean; confirmWith: string; target: { kind: string } };
    };
    expect(json.plan).toMatchObject({
      destructive: true,
      confirmWith: `web1:${site}`,
      target: { kind: 'files' },
    });
  });

  it('refuses a destructive target without its name, and a wrongly typed one, changing nothing', async () => {
    const refused = await vigie('restore', runs.pg);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/is not empty and the restore replaces it: pass --yes to confirm/);
    const mistyped = await vigieOnTerminal('formation', 'restore', runs.pg);
    expect(mistyped.asked[0]).toContain(`Type ${PG_DB} to go ahead`);
    expect(mistyped.code).not.toBe(0);
    expect(mistyped.stderr).toMatch(/restore cancelled: "formation" is not/);
    expect(await stagiaires(PG_DB)).toHaveLength(2500);
    expect(await restoreAudits()).toEqual([]);
  });

  it('refuses a run that is not verified unless allowed, saying why', async () => {
    await store.db.updateTable('backup_runs').set({ status: 'written' }).where('id', '=', runs.pg).execute();
    try {
      const refused = await vigie('restore', runs.pg, '--dry-run');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/is written, not verified: nothing proves it reads back whole/);
      expect(refused.stderr).toMatch(/--allow-unverified/);
      const allowed = await vigie('restore', runs.pg, '--dry-run', '--allow-unverified');
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(allowed.stdout).toContain('NOT VERIFIED');
    } finally {
      await store.db
        .updateTable('backup_runs')
        .set({ status: 'verified' })
        .where('id', '=', runs.pg)
        .execute();
    }
  });

  it('leaves the origin as it was when pg_restore fails halfway, and says at which stage', async () => {
    // The dump gives archives.sessions to a role that no longer exists: pg_restore stops there.
    await pgAdminQuery(`REASSIGN OWNED BY ${OWNER_ROLE} TO postgres`, PG_DB);
    await pgAdminQuery(`DROP ROLE ${OWNER_ROLE}`);
    const failed = await vigie('restore', runs.pg, '--yes');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(
      /failed at the stage "restore tool": pg_restore into .*_restore_.*exited with status 1/,
    );
    expect(failed.stderr).toMatch(/role "vigie_restore_owner_\d+_\w+" does not exist/);
    expect(failed.stderr).toMatch(/the target is as it was/);
    expect(await pgDatabasesLike(PG_DB)).toEqual([PG_DB]);
    expect(await stagiaires(PG_DB)).toHaveLength(2500);
    const [audit] = await restoreAudits();
    expect(audit?.after).toMatchObject({ runId: runs.pg, result: 'failed' });
    const journal = await listJournalEntries(store.db, { limit: 5 });
    expect(JSON.stringify(journal)).toMatch(/Restore of database:formation .*: failed after \d+\.\d s/);
    await pgAdminQuery(`CREATE ROLE ${OWNER_ROLE}`);
  });

  it('restores PostgreSQL to its origin through a side database and a swap: every row back', async () => {
    await pgAdminQuery("UPDATE stagiaires SET nom = 'changé' WHERE id < 10", PG_DB);
    await pgAdminQuery('DROP TABLE archives.sessions', PG_DB);
    const restored = await vigie('restore', runs.pg, '--yes');
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(
      new RegExp(
        `RESTORED database:formation \\(run ${runs.pg}\\) to the database ${PG_DB} .* in \\d+\\.\\d s`,
      ),
    );
    expect(restored.stderr).toMatch(/vigie_restore_\w+\.pgdump: .* of .* read \(100%\)/);
    expect(await stagiaires(PG_DB)).toEqual(pgBefore);
    expect(await sessions(PG_DB)).toEqual(sessionsBefore);
    const [owner] = await pgAdminQuery<{ tableowner: string }>(
      "SELECT tableowner FROM pg_tables WHERE schemaname = 'archives' AND tablename = 'sessions'",
      PG_DB,
    );
    expect(owner?.tableowner).toBe(OWNER_ROLE);
    expect(await pgDatabasesLike(PG_DB)).toEqual([PG_DB]);
    const [audit] = await restoreAudits();
    expect(audit).toMatchObject({ actor: expect.stringMatching(/^cli:/), targetKey: PG_DB });
    expect(audit?.after).toMatchObject({ runId: runs.pg, destructive: true, result: 'restored' });
    const [entry] = await listJournalEntries(store.db, { limit: 1 });
    expect(entry).toMatchObject({ category: 'backup', result: 'ok' });
    expect(entry?.summary).toMatch(/Restore of database:formation .* \(its origin\): done in \d+\.\d s/);
  }, 60_000);

  it('restores PostgreSQL into a new database elsewhere without confirmation', async () => {
    const plan = await planRestore(deps, { runId: runs.pg, target: { database: PG_COPY } }, 'test');
    expect(plan).toMatchObject({
      destructive: false,
      confirmWith: null,
      target: { kind: 'database', name: PG_COPY },
    });
    const restored = await vigie(
      'restore',
      runs.pg,
      '--to-database',
      PG_COPY,
      '--to-server',
      'db1-postgresql',
    );
    expect(restored.code, restored.stderr).toBe(0);
    expect(await stagiaires(PG_COPY)).toEqual(pgBefore);
    expect(await sessions(PG_COPY)).toEqual(sessionsBefore);
    // Now it holds tables: a second restore there is destructive.
    const again = await planRestore(deps, { runId: runs.pg, target: { database: PG_COPY } }, 'test');
    expect(again).toMatchObject({ destructive: true, confirmWith: PG_COPY });
  }, 60_000);

  it('restores MariaDB to its origin (tables swapped in one RENAME) and into a new database', async () => {
    await maria((c) =>
      c.query(
        `DELETE FROM \`${MARIA_DB}\`.articles WHERE id % 2 = 0; CREATE TABLE \`${MARIA_DB}\`.intruse (i INT)`,
      ),
    );
    // On a terminal, typing the target's name is the confirmation.
    const restored = await vigieOnTerminal(MARIA_DB, 'restore', runs.maria);
    expect(restored.asked).toHaveLength(1);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await articles(MARIA_DB)).toEqual(mariaBefore);
    const tables = await maria(async (c) => {
      const [rows] = await c.query<mysql.RowDataPacket[]>(
        'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
        [MARIA_DB],
      );
      return rows.map((row) => String(row.t));
    });
    expect(tables).toEqual(['articles']);
    const copy = await vigie('restore', runs.maria, '--to-database', MARIA_COPY);
    expect(copy.code, copy.stderr).toBe(0);
    expect(await articles(MARIA_COPY)).toEqual(mariaBefore);
    const leftovers = await maria(async (c) => {
      const [rows] = await c.query<mysql.RowDataPacket[]>('SHOW DATABASES');
      return rows.map((row) => String(Object.values(row)[0])).filter((name) => name.startsWith(MARIA_DB));
    });
    expect(leftovers.sort()).toEqual([MARIA_DB, MARIA_COPY].sort());
  }, 60_000);

  it('refuses to swap a MariaDB database holding a view, which MariaDB cannot move, before touching it', async () => {
    await maria((c) =>
      c.query(`CREATE VIEW \`${MARIA_DB}\`.titres AS SELECT titre FROM \`${MARIA_DB}\`.articles`),
    );
    try {
      const refused = await vigie('restore', runs.maria, '--yes');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/holds 1 views: MariaDB cannot move them between databases/);
      expect(refused.stderr).toMatch(/restore into a new database \(--to-database/);
    } finally {
      await maria((c) => c.query(`DROP VIEW \`${MARIA_DB}\`.titres`));
    }
    expect(await articles(MARIA_DB)).toEqual(mariaBefore);
  });

  it('restores files over SSH to their origin, swapping them in, and into another directory', async () => {
    fs.writeFileSync(path.join(site, 'index.php'), 'défiguré');
    fs.rmSync(path.join(site, 'uploads', 'plan.bin'));
    fs.writeFileSync(path.join(site, 'uploads', 'intrus.txt'), 'x');
    const restored = await vigie('restore', runs.files, '--yes');
    expect(restored.code, restored.stderr).toBe(0);
    expect(tree(site)).toEqual(siteBefore);
    expect(fs.readdirSync(path.dirname(site))).toEqual(['formation']);
    const journal = await listJournalEntries(store.db, { host: 'web1', limit: 30 });
    expect(JSON.stringify(journal)).toContain('restore: tar --extract on web1');

    const elsewhere = path.join(dir, 'elsewhere');
    const plan = await vigie('restore', runs.files, '--to-host', 'web1', '--to-path', elsewhere, '--dry-run');
    expect(plan.stdout).toContain('not destructive');
    const copied = await vigie('restore', runs.files, '--to-host', 'web1', '--to-path', elsewhere);
    expect(copied.code, copied.stderr).toBe(0);
    expect(tree(path.join(elsewhere, site))).toEqual(siteBefore);
  }, 60_000);

  it('says the repository key is wrong, before touching anything', async () => {
    const secrets = { ...deps, secretBox: loadSecretBox(deps.config) };
    const key = await openSecretValue(secrets, 'backup-repo-local', REPOSITORY_KEY_KIND);
    await storeSecretValue(secrets, {
      name: 'backup-repo-local',
      kind: REPOSITORY_KEY_KIND,
      value: 'not-the-key',
      actor: 'test',
    });
    try {
      const refused = await vigie('restore', runs.pg, '--to-database', `${PG_DB}_cle`);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(
        /stage "read from the repository": restic cat config failed: the repository does not open with this key/,
      );
      expect(refused.stderr).toMatch(/the right key/);
      expect(await pgDatabasesLike(`${PG_DB}_cle`)).toEqual([]);
    } finally {
      await storeSecretValue(secrets, {
        name: 'backup-repo-local',
        kind: REPOSITORY_KEY_KIND,
        value: key,
        actor: 'test',
      });
    }
  });
  // Last: it damages the repository every other test reads.
  it('leaves the original files as they were when the repository is damaged, naming restic as the stage', async () => {
    fs.writeFileSync(path.join(site, 'index.php'), 'version du jour');
    const current = tree(site);
    const data = path.join(dir, 'repo', 'data');
    for (const sub of fs.readdirSync(data)) {
      for (const pack of fs.readdirSync(path.join(data, sub))) {
        const file = path.join(data, sub, pack);
        fs.chmodSync(file, 0o600);
        const bytes = fs.readFileSync(file);
        const middle = Math.floor(bytes.length / 2);
        bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
        fs.writeFileSync(file, bytes);
      }
    }
    const failed = await vigie('restore', runs.files, '--yes');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/failed at the stage "read from the repository": restic dump failed/);
    expect(tree(site)).toEqual(current);
    expect(fs.readdirSync(path.dirname(site))).toEqual(['formation']);
    const [audit] = await restoreAudits();
    expect(audit?.after).toMatchObject({ runId: runs.files, result: 'failed' });
  });
});
