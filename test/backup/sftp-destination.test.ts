/**
 * SFTP backup destinations end to end on the dialect under test: a real sshd serving sftp on loopback,
 * real restic and the real PostgreSQL. The host key must be pinned first; then init, backups (first
 * destination and off-site copy), verification, reads, drills and pruning go over SSH; a cut link, a
 * stopped host, a changed host key and a refused address each fail clearly and leave nothing as good.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../src/audit/list-events.js';
import { listRuns, markPruned } from '../../src/backup/catalog.js';
import {
  forgetSnapshots,
  listSnapshots,
  pruneRepository,
  type ResticRepository,
  readSnapshotFile,
} from '../../src/backup/restic.js';
import {
  backupSource,
  drillSource,
  openDestination,
  readBackupPlan,
  verifyRun,
} from '../../src/backup/service.js';
import { main } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/config.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { createLogger } from '../../src/log/logger.js';
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

const PREFIX = `vigie_sftp_${process.pid}_${TEST_DIALECT}`;
const SMALL_DB = `${PREFIX}_inscriptions`;
const COPIED_DB = `${PREFIX}_villes`;
const LARGE_DB = `${PREFIX}_commandes`;
const ALLOW = '127.0.0.0/8';

describe(`sftp backup destinations on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  let store: Store;
  let deps: CoreDeps;
  let sshd: SshdFixture;
  let dir: string;
  const vigie = async (...argv: string[]) => {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...argv], io, {
      ...environment.env,
      VIGIE_OUTBOUND_ALLOW: ALLOW,
    });
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };
  const destination = async (id: string) => {
    const settings = (await readBackupPlan(deps)).destinations.find((d) => d.id === id);
    if (settings === undefined) throw new Error(`no destination ${id}`);
    return openDestination(deps, settings);
  };
  const sshDirsLeft = () =>
    fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`vigie-sftp-${process.pid}-`));
  const pin = async (host: string) => {
    // The operator's way: a first connection records the key as pending, then it is approved.
    const first = await vigie('remote', 'run', host, '--', 'true');
    expect(first.stderr).toMatch(/not approved yet/);
    const approved = await vigie('hostkey', 'approve', host);
    expect(approved.code, approved.stderr).toBe(0);
  };

  beforeAll(async () => {
    environment = await createTestEnvironment();
    const config = loadConfig({ ...environment.env, VIGIE_OUTBOUND_ALLOW: ALLOW });
    store = await openStore(config);
    deps = { config, store, clock: systemClock, logger: createLogger({ logLevel: 'silent' }) };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-sftp-test-'));
    sshd = await startSshd({ sftp: true });
    const keyFile = path.join(dir, 'client_key');
    fs.writeFileSync(keyFile, sshd.clientPrivateKey, { mode: 0o600 });

    for (const database of [SMALL_DB, COPIED_DB, LARGE_DB]) {
      await pgAdminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await pgAdminQuery(`CREATE DATABASE ${database}`);
    }
    await pgAdminQuery(
      "CREATE TABLE inscriptions AS SELECT i AS id, 'personne ' || i AS nom FROM generate_series(1, 4321) i",
      SMALL_DB,
    );
    await pgAdminQuery(
      "CREATE TABLE villes AS SELECT * FROM (VALUES (1, 'Marseille'), (2, 'Nice')) v(id, nom)",
      COPIED_DB,
    );
    // Big enough (~45 MB of dump) for the link to be cut while restic is still sending it.
    await pgAdminQuery(
      'CREATE TABLE commandes AS SELECT i AS id, md5(i::text) || md5((i * 7)::text) AS empreinte FROM generate_series(1, 600000) i',
      LARGE_DB,
    );

    const ssh = (extra: Record<string, unknown> = {}) => ({
      address: sshd.host,
      port: sshd.port,
      user: sshd.user,
      key: 'backup-key',
      ...extra,
    });
    const database = (id: string, name: string, destinations: string[]) =>
      desired('database', id, {
        engine: 'postgresql',
        server: 'db1-postgresql',
        name,
        owner: 'postgres',
        backup: { destinations },
      });
    await applyInventory(
      { config, store, clock: systemClock, logger: deps.logger },
      {
        actor: 'test',
        objects: [
          desired('network', 'lan', { prefix: '127.0.0.0/8' }),
          desired('vm', 'db1', {
            name: 'DB1',
            hypervisor: 'hv',
            interfaces: [{ name: 'ens18', network: 'lan', address: '127.0.0.1/8' }],
          }),
          desired('vm', 'backup01', { name: 'BACKUP01', hypervisor: 'hv', ssh: ssh() }),
          desired('vm', 'edge', { name: 'EDGE', hypervisor: 'hv', ssh: ssh() }),
          desired('vm', 'backup02', { name: 'BACKUP02', hypervisor: 'hv', ssh: ssh({ jump: 'edge' }) }),
          desired('service', 'db1-postgresql', {
            host: 'db1',
            host_kind: 'vm',
            kind: 'postgresql',
            ports: [{ port: 5432, protocol: 'tcp' }],
          }),
          database('inscriptions', SMALL_DB, ['offsite']),
          database('villes', COPIED_DB, ['local', 'offsite']),
          database('commandes', LARGE_DB, ['offsite']),
          desired('backup', 'backup', {
            destinations: [
              { id: 'local', type: 'local', path: path.join(dir, 'local') },
              { id: 'offsite', type: 'sftp', host: 'backup01', path: path.join(dir, 'offsite') },
              { id: 'behind-edge', type: 'sftp', host: 'backup02', path: path.join(dir, 'behind-edge') },
            ],
            accounts: { 'db1-postgresql': { user: 'postgres' } },
            drill_servers: { postgresql: 'db1-postgresql' },
          }),
        ],
      },
    );
    const stored = await vigie('secret', 'set-ssh-key', 'backup-key', '--file', keyFile);
    expect(stored.code, stored.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await store?.close();
    await environment?.cleanup();
    await sshd?.stop();
    for (const database of [SMALL_DB, COPIED_DB, LARGE_DB])
      await pgAdminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a destination whose host key is not pinned yet, before connecting or keeping a key', async () => {
    const refused = await vigie('backup', 'init', 'offsite');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/the SSH host key of backup01 is not pinned yet/);
    expect(refused.stderr).toMatch(/vigie remote run backup01 -- true.*vigie hostkey approve backup01/);
    expect(fs.existsSync(path.join(dir, 'offsite'))).toBe(false);
    const secrets = await vigie('secret', 'list');
    expect(secrets.stdout).not.toContain('backup-repo-offsite');
  });

  it('creates the repository over sftp once the key is pinned, once, audited, and leaves no key file behind', async () => {
    await pin('backup01');
    const created = await vigie('backup', 'init', 'offsite', 'local');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(
      `offsite: repository created at sftp://${sshd.user}@127.0.0.1:${sshd.port}/${path.join(dir, 'offsite')}`,
    );
    expect(fs.existsSync(path.join(dir, 'offsite', 'config'))).toBe(true);
    const again = await vigie('backup', 'init', 'offsite');
    expect(again.stdout).toMatch(/offsite: repository already there/);
    const audit = await listAuditEvents(store.db, { limit: 20 });
    expect(JSON.stringify(audit)).toContain('backup.destination.init');
    expect(sshDirsLeft()).toEqual([]);
  });

  it('backs up a PostgreSQL database into the sftp destination, verifies, reads it back and drills it', async () => {
    const run = await backupSource(deps, 'database:inscriptions', { trigger: 'manual', actor: 'user:alice' });
    expect(run.error).toBeNull();
    expect(run.status).toBe('verified');
    expect(run.destination).toBe('offsite');
    expect(run.rowCounts).toEqual([{ table: 'public.inscriptions', rows: 4321 }]);
    expect((await verifyRun(deps, run.id, 'user:alice')).status).toBe('verified');

    const offsite = await destination('offsite');
    const [dump] = run.artifacts;
    expect(await readDigest(offsite.repo, dump?.snapshotId ?? '', dump?.filename ?? '')).toBe(dump?.sha256);

    const drill = await drillSource(deps, 'database:inscriptions', {
      trigger: 'manual',
      actor: 'user:alice',
    });
    expect(drill.error).toBeNull();
    expect(drill.status).toBe('passed');
    expect(drill.restoreMs).toBeGreaterThan(0);
    expect(sshDirsLeft()).toEqual([]);
  }, 120_000);

  it('copies a backup of the local destination to the sftp one (the off-site copy), readable there', async () => {
    const run = await backupSource(deps, 'database:villes', { trigger: 'manual', actor: 'user:alice' });
    expect(run.status).toBe('verified');
    expect(run.destination).toBe('local');
    expect(run.copies).toEqual([expect.objectContaining({ destination: 'offsite', error: null })]);
    const offsite = await destination('offsite');
    const copied = await listSnapshots(offsite.repo, `vigie-run=${run.id}`);
    expect(copied).toHaveLength(run.artifacts.length);
    const [dump] = run.artifacts;
    const copy = copied.find((snapshot) => snapshot.paths.some((p) => p.endsWith(dump?.filename ?? '?')));
    expect(await readDigest(offsite.repo, copy?.id ?? '', dump?.filename ?? '')).toBe(dump?.sha256);
  }, 120_000);

  it('prunes forgotten snapshots on the sftp destination and keeps the others', async () => {
    const kept = await backupSource(deps, 'database:inscriptions', { trigger: 'manual', actor: 'test' });
    const dropped = await backupSource(deps, 'database:inscriptions', { trigger: 'manual', actor: 'test' });
    const offsite = await destination('offsite');
    await forgetSnapshots(
      offsite.repo,
      dropped.artifacts.map((a) => a.snapshotId),
    );
    await markPruned(store.db, [dropped.id]);
    await pruneRepository(offsite.repo);
    expect(await listSnapshots(offsite.repo, `vigie-run=${dropped.id}`)).toEqual([]);
    expect((await verifyRun(deps, kept.id, 'test')).status).toBe('verified');
  }, 120_000);

  it('fails a run whose SSH link is cut mid-transfer, records nothing as good, and earlier backups stay restorable', async () => {
    const [good] = (await listSnapshots((await destination('offsite')).repo)).map((s) => s.id);
    expect(good).toBeDefined();
    let cut = false;
    const run = await backupSource(deps, 'database:commandes', {
      trigger: 'manual',
      actor: 'user:alice',
      onProgress: (bytes) => {
        if (!cut && bytes > 8 * 1024 * 1024) {
          cut = true;
          // The connection's own sshd processes die, as when the link drops; the listener stays.
          killSessions(sshd);
        }
      },
    });
    expect(cut).toBe(true);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/backup01 could not be reached over SSH or the link dropped/);
    const offsite = await destination('offsite');
    expect(await listSnapshots(offsite.repo, `vigie-run=${run.id}`)).toEqual([]);
    // What the cut restic left (its packs, its lock) does not stop the next prune, which removes them.
    await pruneRepository(offsite.repo);
    const [earlier] = (await listRuns(store.db, { source: 'database:inscriptions', limit: 50 })).filter(
      (r) => r.status === 'verified',
    );
    expect((await verifyRun(deps, earlier?.id ?? '', 'test')).status).toBe('verified');
    expect(sshDirsLeft()).toEqual([]);
  }, 180_000);

  it('goes through a jump host, with the pinned keys of both', async () => {
    const early = await vigie('backup', 'init', 'behind-edge');
    expect(early.stderr).toMatch(/host key of backup02 is not pinned yet/);
    await pin('edge');
    await pin('backup02');
    const created = await vigie('backup', 'init', 'behind-edge');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/behind-edge: repository created/);
    expect(fs.existsSync(path.join(dir, 'behind-edge', 'config'))).toBe(true);
  }, 60_000);

  it('refuses a destination whose address the outbound allowlist does not allow', async () => {
    const narrow = {
      ...deps,
      config: loadConfig({ ...environment.env, VIGIE_OUTBOUND_ALLOW: '10.0.0.0/8' }),
    };
    const settings = (await readBackupPlan(deps)).destinations.find((d) => d.id === 'offsite');
    if (settings === undefined) throw new Error('no offsite');
    await expect(openDestination(narrow, settings)).rejects.toMatchObject({ code: 'OUTBOUND_REFUSED' });
  });

  it('says which host cannot be reached when it is down', async () => {
    const listener = Number(fs.readFileSync(path.join(sshd.dir, 'sshd.pid'), 'utf8').trim());
    process.kill(listener, 'SIGTERM');
    await waitForClosedPort(sshd.port);
    const down = await vigie('backup', 'init', 'offsite');
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/backup01 could not be reached over SSH/);
    expect(down.stderr).toMatch(/connection refused/i);
  }, 60_000);

  it('refuses a host whose key changed, naming it, and accepts nothing', async () => {
    await sshd.restart({ newHostKey: true });
    const changed = await vigie('backup', 'init', 'offsite');
    expect(changed.code).not.toBe(0);
    expect(changed.stderr).toMatch(/SSH host key of backup01 is not the one Vigie pinned/);
    const run = await backupSource(deps, 'database:inscriptions', { trigger: 'manual', actor: 'test' });
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/SSH host key of backup01 is not the one Vigie pinned/);
    // Nothing was pinned on the way: the approved key is still the old one.
    const keys = await vigie('hostkey', 'list', '--host', 'backup01', '--json');
    expect((JSON.parse(keys.stdout) as Array<{ status: string }>).map((key) => key.status)).toEqual([
      'approved',
    ]);
  }, 60_000);
});

async function readDigest(repo: ResticRepository, snapshotId: string, filename: string): Promise<string> {
  const read = readSnapshotFile(repo, snapshotId, filename);
  const hash = createHash('sha256');
  for await (const chunk of read.output) hash.update(chunk as Buffer);
  await read.done;
  return hash.digest('hex');
}

/** Kills the sshd processes serving connections (children of the listener), as a dropped link does. */
function killSessions(sshd: SshdFixture): void {
  const listener = fs.readFileSync(path.join(sshd.dir, 'sshd.pid'), 'utf8').trim();
  const children = fs
    .readFileSync(`/proc/${listener}/task/${listener}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter((pid) => pid !== '');
  for (const pid of children) process.kill(Number(pid), 'SIGKILL');
}

async function waitForClosedPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`port ${port} still open`);
}
