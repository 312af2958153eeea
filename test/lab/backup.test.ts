/**
 * Issue 5's "done when", on the rack lab: the example inventory (the lab's addresses) backs up, on
 * its schedule inside `vigie serve`'s backup schedule, a PostgreSQL and a MariaDB database of DB03
 * (through the lab's backup account, its password a stored secret) and the files of a Host03 site
 * (tar over SSH, the host key pinned); every run is verified by a full read; drills restore both
 * databases on DB03 with the row counts of the backup; `GET /backups` gives RPO and RTO per service.
 * The restore plan renders as a PDF that names every source and its restore command.
 * Flipping one byte of the stored data makes the next verification fail, and the monitor opens an
 * incident for that database's backups.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labHost } from '../../lab/topology.js';
import { addUser } from '../../src/auth/users.js';
import { type BackupRunView, listRuns } from '../../src/backup/catalog.js';
import { type BackupSchedule, startBackupSchedule } from '../../src/backup/schedule.js';
import {
  drillSource,
  initDestination,
  readBackupPlan,
  setDatabasePassword,
  verifyRun,
} from '../../src/backup/service.js';
import { loadConfig } from '../../src/config/config.js';
import { createWebApp } from '../../src/http/app.js';
import type { VigieFastify } from '../../src/http/types.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { parseInventorySources } from '../../src/inventory/load.js';
import type { DesiredObject } from '../../src/inventory/model.js';
import { createLogger } from '../../src/log/logger.js';
import { listIncidents } from '../../src/monitoring/incidents.js';
import { type Monitoring, startMonitoring } from '../../src/monitoring/start-monitoring.js';
import { approveHostKey, listHostKeys } from '../../src/remote/host-keys.js';
import { createRunnerFromConfig } from '../../src/remote/runner-from-config.js';
import { loadSecretBox } from '../../src/remote/secret-box.js';
import { fingerprintOfBlob, storeSshKey } from '../../src/remote/secrets.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { systemClock } from '../../src/time/clock.js';
import { sessionCookieOf } from '../http/web-fixture.js';
import { labSkipReason, useLab } from '../support/lab.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../support/test-store.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/gip-paca');
const DB03 = labHost('db03');
const PASSWORD = 'correct horse battery staple';
/** The example's databases and site that the lab holds data for; the others are not backed up here. */
const PG_DATABASE = 'offre-formation';
const MARIADB_DATABASE = 'intranet';
const SITE = 'offre-formation';
const EVERY_MINUTE = '* * * * *';
/** examples/gip-paca/websites.yaml: the site's document_root, backed up by default. */
const SITE_ROOT = '/var/www/offre-formation/public';

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(500);
  }
}

describe.skipIf(labSkipReason !== undefined)(`backups on the rack lab (${TEST_DIALECT})`, () => {
  const lab = useLab();
  let testStore: TestStore;
  let deps: CoreDeps;
  let repoDir: string;
  let schedule: BackupSchedule | undefined;
  let monitoring: Monitoring | undefined;
  let app: VigieFastify;
  // Each dialect's run has its own tables in the lab's shared databases.
  const table = `inscriptions_${TEST_DIALECT}_${process.pid}`;
  const labAccount = () => ({
    host: DB03.address,
    user: lab.database.user,
    password: lab.database.password,
    database: lab.database.database,
  });

  /** The example, scheduled every minute, its databases renamed to the lab's, its site at the lab's root. */
  const labInventory = (): DesiredObject[] => {
    const sources = fs
      .readdirSync(EXAMPLE)
      .filter((name) => name.endsWith('.yaml') && name !== 'alerting.yaml')
      .map((name) => ({
        path: path.join(EXAMPLE, name),
        content: fs.readFileSync(path.join(EXAMPLE, name), 'utf8'),
      }));
    const loaded = parseInventorySources(sources);
    if (!loaded.ok) throw new Error(`inventory invalid: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
    const notInLab = { disabled: true, reason: 'the lab holds no data for it' };
    return loaded.objects.map((object) => {
      const spec = object.spec as Record<string, unknown>;
      if (object.kind === 'backup') {
        return {
          ...object,
          spec: {
            ...spec,
            destinations: [{ id: 'local', type: 'local', path: path.join(repoDir, 'repo') }],
          },
        };
      }
      if (object.kind === 'database') {
        if (object.key === PG_DATABASE) {
          return {
            ...object,
            spec: {
              ...spec,
              name: lab.database.database,
              backup: {
                schedule: EVERY_MINUTE,
                drill: { query: `SELECT count(*) = 2500 FROM ${table}` },
              },
              checks: { backup: { interval: '2s', retries: 1 } },
            },
          };
        }
        if (object.key === MARIADB_DATABASE) {
          return {
            ...object,
            spec: { ...spec, name: lab.database.database, backup: { schedule: EVERY_MINUTE } },
          };
        }
        return { ...object, spec: { ...spec, backup: notInLab } };
      }
      if (object.kind === 'website') {
        if (object.key === SITE) return { ...object, spec: { ...spec, backup: { schedule: EVERY_MINUTE } } };
        return { ...object, spec: { ...spec, backup: notInLab } };
      }
      return object;
    });
  };

  beforeAll(async () => {
    if (labSkipReason) return;
    testStore = await createTestStore();
    const config = loadConfig({
      ...testStore.env,
      VIGIE_OUTBOUND_ALLOW: '127.0.0.0/8,lab',
      VIGIE_LAB_DIR: lab.paths.dir,
      VIGIE_SSH_USER: lab.user,
      VIGIE_SSH_KEY: 'lab',
    });
    deps = {
      config,
      store: testStore.store,
      clock: systemClock,
      logger: createLogger({ logLevel: 'silent' }),
    };
    repoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-lab-backup-'));

    // Business data on DB03, written with the lab's account.
    const account = labAccount();
    const postgres = new pg.Client({ ...account, port: 5432 });
    await postgres.connect();
    await postgres.query(`DROP TABLE IF EXISTS ${table}`);
    await postgres.query(
      `CREATE TABLE ${table} AS SELECT i AS id, 'stagiaire ' || i AS nom, now() AS inscrit FROM generate_series(1, 2500) i`,
    );
    await postgres.end();
    const maria = await mysql.createConnection({ ...account, port: 3306 });
    await maria.query(`DROP TABLE IF EXISTS ${table}`);
    await maria.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, titre TEXT)`);
    await maria.query(`INSERT INTO ${table} SELECT seq, CONCAT('Actualité ', seq) FROM seq_1_to_640`);
    await maria.end();

    await applyInventory(deps, { actor: 'test', objects: labInventory() });
    await setDatabasePassword(deps, 'db03-postgresql-backup', lab.database.password, 'user:test');
    await setDatabasePassword(deps, 'db03-mariadb-backup', lab.database.password, 'user:test');
    const secretDeps = { ...deps, secretBox: loadSecretBox(config) };
    await storeSshKey(secretDeps, {
      name: 'lab',
      privateKey: fs.readFileSync(lab.clientKey, 'utf8'),
      actor: 'test',
    });
    // Host03's key, pinned after its first contact, once checked against the lab's own.
    const runner = createRunnerFromConfig(deps);
    const host03 = labHost('host03');
    await runner
      .run(
        { name: 'host03', address: host03.address, port: 22, user: lab.user, key: 'lab' },
        { argv: ['true'] },
        { actor: 'test' },
      )
      .catch(() => undefined);
    const [presented] = await listHostKeys(deps, { host: 'host03' });
    const known = lab.hostKeys.host03?.split(' ')[1] ?? '';
    expect(presented?.fingerprint).toBe(fingerprintOfBlob(Buffer.from(known, 'base64')));
    await approveHostKey(
      { store: deps.store, clock: deps.clock, dialect: deps.store.dialect },
      { host: 'host03', actor: 'user:test' },
    );
    // The site's files, in Host03's own root at the example's document_root.
    const site = { name: 'host03', address: host03.address, port: 22, user: lab.user, key: 'lab' };
    const write = async (argv: string[], stdin?: string) => {
      const result = await runner.run(site, { argv, sudo: true, stdin }, { actor: 'test' });
      expect(result.exitCode, `${argv.join(' ')}: ${result.stderr}`).toBe(0);
    };
    await write(['mkdir', '-p', `${SITE_ROOT}/uploads`]);
    await write(['tee', `${SITE_ROOT}/index.php`], '<?php echo "Offre de formation";\n');
    await write(['tee', `${SITE_ROOT}/uploads/catalogue.csv`], 'code;intitulé\nF1;Soudure\n'.repeat(200));
    await runner.close();

    const plan = await readBackupPlan(deps);
    for (const destination of plan.destinations) await initDestination(deps, destination, 'user:test');
    app = await createWebApp(deps, { uiDir: '/nonexistent/vigie-ui' });
    await addUser(deps, {
      username: 'backups',
      role: 'provider_engineer',
      password: PASSWORD,
      actor: 'test',
    });
  }, 240_000);

  afterAll(async () => {
    await monitoring?.stop();
    await schedule?.stop();
    await app?.close();
    await testStore?.cleanup();
    if (labSkipReason) return;
    const account = labAccount();
    const postgres = new pg.Client({ ...account, port: 5432 });
    await postgres.connect();
    await postgres.query(`DROP TABLE IF EXISTS ${table}`);
    await postgres.end();
    const maria = await mysql.createConnection({ ...account, port: 3306 });
    await maria.query(`DROP TABLE IF EXISTS ${table}`);
    await maria.end();
    if (repoDir) fs.rmSync(repoDir, { recursive: true, force: true });
  });

  it('backs up DB03 and a Host03 site on schedule, verifies, drills with matching rows, and shows RPO and RTO', async () => {
    schedule = await startBackupSchedule(deps);
    const sources = [`database:${PG_DATABASE}`, `database:${MARIADB_DATABASE}`, `files:website-${SITE}`];
    const plan = await readBackupPlan(deps);
    expect(plan.problems).toEqual(new Map());
    expect(plan.sources.map((source) => source.source).sort()).toEqual([...sources].sort());

    const runs = await until('a scheduled run of every source', 150_000, async () => {
      const ended = new Map<string, BackupRunView>();
      for (const run of await listRuns(deps.store.db, { limit: 50 })) {
        if (
          run.trigger === 'schedule' &&
          ['verified', 'failed'].includes(run.status) &&
          !ended.has(run.source)
        )
          ended.set(run.source, run);
      }
      return sources.every((source) => ended.has(source)) ? ended : undefined;
    });
    for (const source of sources) {
      const run = runs.get(source);
      expect(run?.error ?? null, source).toBeNull();
      expect(run?.status, source).toBe('verified');
    }
    expect(runs.get(`database:${PG_DATABASE}`)?.rowCounts).toContainEqual({
      table: `public.${table}`,
      rows: 2500,
    });
    expect(runs.get(`database:${MARIADB_DATABASE}`)?.rowCounts).toContainEqual({ table, rows: 640 });
    const files = runs.get(`files:website-${SITE}`);
    expect(files?.artifacts.map((artifact) => artifact.reader)).toEqual(['tar']);
    expect(files?.sizeBytes).toBeGreaterThan(4000);

    // Verification on demand reads the run back in full again.
    const pgRun = runs.get(`database:${PG_DATABASE}`);
    expect((await verifyRun(deps, pgRun?.id ?? '', 'user:test')).status).toBe('verified');

    for (const source of [`database:${PG_DATABASE}`, `database:${MARIADB_DATABASE}`]) {
      const drill = await drillSource(deps, source, {
        runId: runs.get(source)?.id,
        trigger: 'manual',
        actor: 'user:test',
      });
      expect(drill.error, source).toBeNull();
      expect(drill.status, source).toBe('passed');
      const rows = drill.checks.filter((check) => check.check.startsWith('rows'));
      expect(rows.length, source).toBeGreaterThan(0);
      for (const check of drill.checks)
        expect(check.ok, `${source}: ${check.check} ${check.detail}`).toBe(true);
      expect(drill.restoreMs).toBeGreaterThan(0);
    }

    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'backups', password: PASSWORD },
    });
    const overview = await app.inject({
      method: 'GET',
      url: '/api/v1/backups',
      cookies: { vigie_session: sessionCookieOf(login) },
    });
    expect(overview.statusCode).toBe(200);
    const bySource = new Map(
      (
        overview.json() as {
          sources: Array<{
            source: string;
            rpoSeconds: number | null;
            rpoState: string;
            rtoMs: number | null;
          }>;
        }
      ).sources.map((source) => [source.source, source]),
    );
    for (const source of sources) {
      expect(bySource.get(source)?.rpoState, source).toBe('ok');
      expect(bySource.get(source)?.rpoSeconds, source).toBeLessThan(600);
    }
    expect(bySource.get(`database:${PG_DATABASE}`)?.rtoMs).toBeGreaterThan(0);
    expect(bySource.get(`database:${MARIADB_DATABASE}`)?.rtoMs).toBeGreaterThan(0);

    // The restore plan, as the customer downloads it: a PDF naming every source with its figures.
    const planPdf = await app.inject({
      method: 'GET',
      url: '/api/v1/backups/restore-plan?format=pdf&lang=fr',
      cookies: { vigie_session: sessionCookieOf(login) },
    });
    expect(planPdf.statusCode).toBe(200);
    expect(planPdf.headers['content-type']).toMatch(/^application\/pdf/);
    const pdf = path.join(repoDir, 'plan-de-restauration.pdf');
    fs.writeFileSync(pdf, planPdf.rawPayload);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Plan de restauration');
    for (const source of sources) expect(text).toContain(source);
    expect(text).toContain(`vigie restore ${pgRun?.id}`);
  }, 300_000);

  it('fails the verification of a run with one flipped byte, and the monitor opens an incident', async () => {
    await schedule?.stop();
    schedule = undefined;
    const [latest] = await listRuns(deps.store.db, {
      source: `database:${PG_DATABASE}`,
      status: 'verified',
      limit: 1,
    });
    expect(latest).toBeDefined();
    const dataDir = path.join(repoDir, 'repo', 'data');
    const packs = fs
      .readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
    // Every pack is flipped once: whichever holds this run's data, the full read meets a damaged one.
    for (const pack of packs) {
      const bytes = fs.readFileSync(pack);
      const middle = Math.floor(bytes.length / 2);
      bytes[middle] = (bytes[middle] ?? 0) ^ 0x01;
      fs.chmodSync(pack, 0o600);
      fs.writeFileSync(pack, bytes);
    }
    const after = await verifyRun(deps, latest?.id ?? '', 'user:test');
    expect(after.status).toBe('failed');
    expect(after.error).toMatch(/verification of .* failed/);

    monitoring = await startMonitoring(deps, {
      deliveryPollMs: 200,
      followUpsMs: 1000,
      revisionPollMs: 1000,
    });
    const incident = await until('the backup incident', 60_000, async () =>
      (await listIncidents(deps, { filter: 'open' })).find(
        (candidate) => candidate.checkId === `database/${PG_DATABASE}/backup`,
      ),
    );
    expect(incident.lastMessage).toMatch(/verification of .* failed|failed/);
  }, 120_000);
});
