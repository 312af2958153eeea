/**
 * `vigie backup ...` end to end on the dialect under test: an inventory whose databases are the
 * machine's real PostgreSQL and MariaDB, a local restic destination, and the CLI from init to drill.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/audit/list-events.js';
import { main } from '../../src/cli/main.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { openStore, type Store } from '../../src/store/store.js';
import { captureIo } from '../support/cli-io.js';
import { desired, testDeps } from '../support/inventory-fixtures.js';
import {
  createTestEnvironment,
  pgAdminQuery,
  TEST_DIALECT,
  type TestEnvironment,
} from '../support/test-store.js';

const PG_DB = `vigie_cli_backup_${process.pid}_${TEST_DIALECT}`;
const MARIA_DB = `vigie_cli_backup_${process.pid}_${TEST_DIALECT}`;

describe(`vigie backup on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  let store: Store;
  let repoDir: string;
  const vigie = async (...argv: string[]) => {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...argv], io, {
      ...environment.env,
      VIGIE_OUTBOUND_ALLOW: '127.0.0.0/8',
    });
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };

  beforeAll(async () => {
    environment = await createTestEnvironment();
    store = await openStore(environment.config);
    repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-cli-backup-'));
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB}`);
    await pgAdminQuery(`CREATE DATABASE ${PG_DB}`);
    await pgAdminQuery(
      "CREATE TABLE inscriptions AS SELECT i AS id, 'personne ' || i AS nom FROM generate_series(1, 4321) i",
      PG_DB,
    );
    const maria = await mysql.createConnection({ host: '127.0.0.1', user: 'root', multipleStatements: true });
    await maria.query(`DROP DATABASE IF EXISTS \`${MARIA_DB}\`; CREATE DATABASE \`${MARIA_DB}\`; USE \`${MARIA_DB}\`;
      CREATE TABLE pages (id INT PRIMARY KEY); INSERT INTO pages SELECT seq FROM seq_1_to_77;`);
    await maria.end();
    await applyInventory(testDeps({ ...environment, store }), {
      actor: 'test',
      objects: [
        desired('network', 'lan', { prefix: '127.0.0.0/8' }),
        desired('vm', 'db1', {
          name: 'DB1',
          hypervisor: 'hv',
          interfaces: [{ name: 'ens18', network: 'lan', address: '127.0.0.1/8' }],
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
        desired('database', 'inscriptions', {
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
          backup: { drill: { query: 'SELECT COUNT(*) = 77 FROM pages' } },
        }),
        desired('backup', 'backup', {
          destinations: [{ id: 'local', type: 'local', path: path.join(repoDir, 'repo') }],
          defaults: { rpo_target: '26h' },
          accounts: { 'db1-postgresql': { user: 'postgres' }, 'db1-mariadb': { user: 'root' } },
          drill_servers: { postgresql: 'db1-postgresql', mariadb: 'db1-mariadb' },
        }),
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await environment?.cleanup();
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
    const maria = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
    await maria.query(`DROP DATABASE IF EXISTS \`${MARIA_DB}\``);
    await maria.end();
    fs.rmSync(repoDir, { recursive: true, force: true });
  });

  it('prints the plan the inventory gives', async () => {
    const plan = await vigie('backup', 'plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(
      /database:inscriptions\s+0 2 \* \* \*\s+→ local; RPO target 26 h; drill 0 5 \* \* 0 on db1-postgresql/,
    );
    expect(plan.stdout).toContain('database:cms');
  });

  it('says to init before the first run, then backs up, verifies, reports RPO and drills', async () => {
    const early = await vigie('backup', 'run', 'database:inscriptions');
    expect(early.code).not.toBe(0);
    expect(early.stderr).toMatch(/no repository key yet/);
    expect(early.stderr).toMatch(/vigie backup init local/);

    const init = await vigie('backup', 'init');
    expect(init).toMatchObject({ code: 0 });
    expect(init.stdout).toMatch(/local: repository created at/);
    expect((await vigie('backup', 'init')).stdout).toMatch(/repository already there/);

    const run = await vigie('backup', 'run');
    expect(run.stderr).toMatch(/^database:inscriptions: backing up\.\.\./m);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^VERIFIED database:inscriptions → local/m);
    expect(run.stdout).toMatch(/^VERIFIED database:cms → local/m);

    const status = await vigie('backup', 'status');
    expect(status.stdout).toMatch(
      /^ok\s+database:inscriptions\s+RPO \d+ min \(target 26\.0 h\); no drill passed/m,
    );

    const drill = await vigie('backup', 'drill', 'cms');
    expect(drill.code).toBe(0);
    expect(drill.stdout).toMatch(/^PASSED drill of database:cms/m);
    expect(drill.stdout).toContain('ok   rows of pages: 77 rows, as at backup time');
    expect(drill.stdout).toContain('ok   custom query: returned 1');
    expect((await vigie('backup', 'status')).stdout).toMatch(/database:cms .*RTO \d+\.\d s/);

    const runs = JSON.parse((await vigie('backup', 'runs', '--json')).stdout) as Array<{
      id: string;
      source: string;
    }>;
    const inscriptions = runs.find((r) => r.source === 'database:inscriptions');
    const verified = await vigie('backup', 'verify', inscriptions?.id ?? '');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^VERIFIED/);
  }, 120_000);

  it('exports the repository key for escrow, audited', async () => {
    const exported = await vigie('backup', 'key-export', 'local');
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(exported.stderr).toMatch(/Keep this key apart/);
    const events = await listAuditEvents(store.db, { limit: 5 });
    expect(events.some((event) => event.action === 'backup.key.export')).toBe(true);
  });

  it('refuses an unknown source, naming where the sources are listed', async () => {
    const unknown = await vigie('backup', 'run', 'database:nope');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no backup source database:nope/);
    expect(unknown.stderr).toMatch(/vigie backup plan lists the sources/);
  });
});
