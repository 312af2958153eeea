/**
 * Drift in the rack lab, on the dialect under test: the example inventory applied, facts gathered over
 * SSH from every lab host by `gatherFacts`, a listener planted in Host04's namespace on a port no service
 * declares. The planted port is found with its process; the lab's real services (OpenSSH, nginx, PHP-FPM,
 * PostgreSQL, MariaDB) are all seen running; what the inventory declares but the lab does not build
 * (ECWAN's IPsec daemon, its management address) is reported, which shows the checks work both ways.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PREFIX, labHost } from '../../lab/topology.js';
import { loadConfig } from '../../src/config/config.js';
import { type DriftReport, driftReport } from '../../src/facts/drift/drift-report.js';
import { gatherFacts } from '../../src/facts/gather.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { createLogger } from '../../src/log/logger.js';
import { createOutboundPolicy } from '../../src/net/outbound-policy.js';
import { approveHostKey, listHostKeys } from '../../src/remote/host-keys.js';
import type { SshRunner } from '../../src/remote/remote-host.js';
import { createSecretBox } from '../../src/remote/secret-box.js';
import { fingerprintOfBlob, storeSshKey } from '../../src/remote/secrets.js';
import { createSshRunner } from '../../src/remote/ssh-runner.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import { systemClock } from '../../src/time/clock.js';
import { exampleObjects } from '../facts/drift-fixtures.js';
import { labSkipReason, useLab } from '../support/lab.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../support/test-store.js';

/** The port planted in Host04; the host-firewall test keeps clear of it. */
const PLANTED_PORT = 8081;
const REAL_DAEMONS = ['sshd', 'nginx', 'php-fpm8.2', 'postgres', 'mariadbd'];

function ssListening(namespace: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('ip', ['netns', 'exec', namespace, 'ss', '-Hltn', `sport = :${port}`], (error, stdout) =>
      resolve(error === null && stdout.trim() !== ''),
    );
  });
}

describe.skipIf(labSkipReason !== undefined)(`drift in the rack lab (${TEST_DIALECT})`, () => {
  const lab = useLab();
  const host04 = labHost('host04');
  let testStore: TestStore;
  let deps: CoreDeps;
  let runner: SshRunner;
  let listener: ChildProcess | undefined;
  let report: DriftReport;

  beforeAll(async () => {
    testStore = await createTestStore();
    deps = {
      config: loadConfig({ ...testStore.env, VIGIE_SSH_USER: lab.user, VIGIE_SSH_KEY: 'lab' }),
      store: testStore.store,
      clock: systemClock,
      logger: createLogger({ logLevel: 'silent' }),
    };
    const runnerDeps = {
      ...deps,
      secretBox: createSecretBox(Buffer.alloc(32, 7)),
      policy: createOutboundPolicy([LAB_PREFIX]),
    };
    runner = createSshRunner(runnerDeps, { commandTimeoutMs: 60_000 });
    await applyInventory(deps, { objects: await exampleObjects(), actor: 'cli:test' });
    await storeSshKey(runnerDeps, {
      name: 'lab',
      privateKey: fs.readFileSync(lab.clientKey, 'utf8'),
      actor: 'cli:test',
    });

    // First contact leaves each host's key pending: approve it only if it is the lab's own key for that host.
    const first = await gatherFacts({ ...deps, runner }, 'all', { actor: 'cli:test' });
    const keyDeps = { store: deps.store, clock: deps.clock, dialect: deps.store.dialect };
    for (const result of first.hosts) {
      const [pending] = await listHostKeys(deps, { host: result.host });
      const known = lab.hostKeys[result.host]?.split(' ')[1];
      if (pending === undefined || known === undefined) throw new Error(`no key seen for ${result.host}`);
      expect(pending.fingerprint).toBe(fingerprintOfBlob(Buffer.from(known, 'base64')));
      await approveHostKey(keyDeps, { host: result.host, actor: 'cli:test' });
    }

    listener = spawn(
      'ip',
      [
        'netns',
        'exec',
        host04.namespace,
        process.execPath,
        '-e',
        `require('node:net').createServer((s) => s.end()).listen(${PLANTED_PORT}, '0.0.0.0')`,
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (!(await ssListening(host04.namespace, PLANTED_PORT))) {
      if (Date.now() > deadline) throw new Error(`the planted listener never listened on ${PLANTED_PORT}`);
      await sleep(100);
    }

    const gathered = await gatherFacts({ ...deps, runner }, 'all', { actor: 'cli:test' });
    expect(gathered.hosts.filter((h) => !h.ok)).toEqual([]);
    report = await driftReport(deps);
  }, 120_000);

  afterAll(async () => {
    listener?.kill('SIGKILL');
    await runner?.close();
    await testStore?.cleanup();
  });

  const findingsOf = (kind: string) =>
    report.hosts.flatMap((host) => host.findings).filter((finding) => finding.kind === kind);

  it('has facts of every lab host, none older than this run', () => {
    expect(report.hostsWithoutFacts).toBe(0);
    expect(report.hosts.map((h) => h.host).sort()).toEqual(lab.hosts.map((h) => h.id).sort());
    for (const host of report.hosts) expect(host.factsAgeSeconds).toBeLessThan(120);
  });

  it('finds the planted listener on Host04, naming its port and process', () => {
    const planted = findingsOf('undeclared_port').filter((f) => f.details.port === PLANTED_PORT);
    expect(planted).toEqual([
      expect.objectContaining({
        host: 'host04',
        severity: 'warning',
        object: { kind: 'vm', key: 'host04' },
        details: expect.objectContaining({
          protocol: 'tcp',
          addresses: ['0.0.0.0'],
          processes: ['node'],
          pids: [listener?.pid],
        }),
      }),
    ]);
    expect(planted[0]?.message).toContain(
      `${PLANTED_PORT}/tcp is listening on 0.0.0.0:${PLANTED_PORT} (node`,
    );
    expect(planted[0]?.action).toContain('Declare 8081 in the ports of a service of host04 in services.yaml');
  });

  it("sees the lab's real services running and their ports declared", () => {
    const notRunning = findingsOf('service_not_running').map((f) => `${f.host}/${f.object?.key}`);
    // ECWAN's IPsec is in the inventory but the lab runs no IPsec daemon: the one service not running.
    expect(notRunning).toEqual(['ecwan/ecwan-ipsec']);
    const ipsec = findingsOf('service_not_running')[0];
    expect(ipsec?.severity).toBe('critical');
    expect(ipsec?.message).toContain('none of charon');
    expect(findingsOf('declared_port_closed')).toEqual([]);
    const realUndeclared = findingsOf('undeclared_port').filter((f) =>
      (f.details.processes as string[]).some((p) => REAL_DAEMONS.includes(p)),
    );
    expect(realUndeclared).toEqual([]);
    const ecwan = report.hosts.find((h) => h.host === 'ecwan');
    expect(ecwan?.skipped).toEqual([
      expect.objectContaining({ check: 'services', object: { kind: 'service', key: 'ecwan-nftables' } }),
    ]);
  });

  it("reports ECWAN's management address, which the lab does not build, and no other missing address", () => {
    const missing = findingsOf('address_missing').map((f) => `${f.host} ${f.details.address}`);
    expect(missing.length).toBeGreaterThan(0);
    for (const entry of missing) expect(entry).toMatch(/^ecwan 198\.18\.4\.\d+\/24$/);
  });
});
