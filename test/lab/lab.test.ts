/**
 * The rack lab from the provider side: every host's sshd, nginx's websites, DB03's databases, ECWAN's
 * firewall, cutting a host off, repairing a half-made lab, and `down` leaving nothing behind.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LAB_HOSTS, LAB_NETWORKS, LAB_PREFIX, LAB_WEBSITES, labHost } from '../../lab/topology.js';
import { labSkipReason, useLab } from '../support/lab.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The lab's own command line, as `npm run lab:*` runs it. */
function labCli(...args: string[]): Promise<Run> {
  return run(path.join(ROOT, 'node_modules/.bin/tsx'), ['lab/cli.ts', ...args]);
}

type ConnectOutcome = { ok: true; banner: string } | { ok: false; error: string; ms: number };

/** Opens a TCP connection and reads the first line the server sends (an SSH banner), or why it failed. */
function connect(host: string, port: number, timeoutMs: number, readBanner = false): Promise<ConnectOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome: ConnectOutcome): void => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, error: 'TIMEOUT', ms: Date.now() - started }));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({ ok: false, error: error.code ?? error.message, ms: Date.now() - started }),
    );
    socket.once('connect', () => {
      if (!readBanner) done({ ok: true, banner: '' });
    });
    socket.once('data', (data) => done({ ok: true, banner: data.toString('utf8') }));
  });
}

function httpGet(
  address: string,
  hostHeader: string,
  urlPath = '/',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: address, port: 80, path: urlPath, headers: { host: hostHeader }, timeout: 5_000 },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
  });
}

function httpsGet(address: string, domain: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      {
        host: address,
        port: 443,
        path: '/',
        servername: domain,
        headers: { host: domain },
        ca,
        timeout: 5_000,
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
  });
}

describe('the lab topology', () => {
  it('reproduces the hosts, services and websites of examples/gip-paca', () => {
    const example = (file: string): Record<string, unknown[]> =>
      parse(fs.readFileSync(path.join(ROOT, 'examples/gip-paca', file), 'utf8')) as Record<string, unknown[]>;
    const websites = example('websites.yaml').websites as { id: string; host: string; domains: string[] }[];
    expect(LAB_WEBSITES.map(({ id, host, domains }) => ({ id, host, domains }))).toEqual(
      websites.map(({ id, host, domains }) => ({ id, host, domains })),
    );
    const services = example('services.yaml').services as {
      host: string;
      kind: string;
      ports?: (number | string)[];
    }[];
    const exampleHosts = [...new Set(services.map((service) => service.host))].sort();
    expect(LAB_HOSTS.map((host) => host.id).sort()).toEqual(exampleHosts);
    for (const service of services.filter((candidate) => candidate.kind !== 'ipsec')) {
      const tcpPorts = (service.ports ?? []).filter((port): port is number => typeof port === 'number');
      const labService = labHost(service.host).services.find((candidate) => candidate.kind === service.kind);
      expect(labService, `${service.host} runs ${service.kind}`).toBeDefined();
      expect(labService?.ports).toEqual(tcpPorts);
    }
    for (const host of LAB_HOSTS) expect(host.namespace).toBe(`vigie-${host.id}`);
  });

  it('gives every server the addresses examples/gip-paca declares, one for one', () => {
    const example = (file: string): Record<string, unknown[]> =>
      parse(fs.readFileSync(path.join(ROOT, 'examples/gip-paca', file), 'utf8')) as Record<string, unknown[]>;
    type Nic = { name: string; address?: string };
    const servers = [
      ...(example('vms.yaml').vms as { id: string; interfaces?: Nic[] }[]),
      ...(example('rack.yaml').devices as { id: string; interfaces?: Nic[] }[]),
    ].filter((server) => LAB_HOSTS.some((host) => host.id === server.id));
    expect(servers.map((server) => server.id).sort()).toEqual(LAB_HOSTS.map((host) => host.id).sort());
    const addressed = (nics: Nic[] | undefined): string[] =>
      (nics ?? []).flatMap((nic) => (nic.address ? [`${nic.name} ${nic.address}`] : [])).sort();
    for (const server of servers) {
      const host = labHost(server.id);
      const own = host.interfaces.map((nic) => `${nic.name} ${nic.address}/${nic.prefixLength}`);
      if (host.role !== 'edge') {
        expect(addressed(server.interfaces), server.id).toEqual(own.sort());
        continue;
      }
      // ECWAN: its uplink, plus the gateway of each internal network (on the lab's bridges); the
      // management network is the one network the lab does not build.
      const internal = LAB_NETWORKS.filter((network) => network.bridge !== undefined).map((network) => {
        const length = network.prefix.split('/')[1] ?? '';
        return `${network.gateway}/${length}`;
      });
      const declared = addressed(server.interfaces).map((entry) => entry.split(' ')[1] ?? '');
      expect(declared.filter((address) => !address.startsWith('198.18.4.')).sort()).toEqual(
        [...own.map((entry) => entry.split(' ')[1] ?? ''), ...internal].sort(),
      );
    }
    const networks = example('networks.yaml').networks as { prefix: string; gateway: string }[];
    for (const network of LAB_NETWORKS) {
      expect(
        networks.some((declared) => declared.prefix === network.prefix),
        `${network.prefix} in networks.yaml`,
      ).toBe(true);
    }
  });
});

describe.skipIf(labSkipReason !== undefined)('the rack lab, from the provider side', () => {
  const lab = useLab();

  it('answers with an OpenSSH banner on every host', async () => {
    const outcomes = await Promise.all(lab.hosts.map((host) => connect(host.address, 22, 3_000, true)));
    for (const [index, outcome] of outcomes.entries()) {
      expect(outcome, lab.hosts[index]?.id).toMatchObject({
        ok: true,
        banner: expect.stringMatching(/^SSH-2\.0-OpenSSH/),
      });
    }
  });

  it('runs commands over ssh with the lab key and pinned host keys; each host sees its own name and addresses', async () => {
    await Promise.all(
      lab.hosts.map(async (host) => {
        const result = await run('ssh', [
          ...lab.sshArgs(host),
          'hostname; ip -4 -o addr show scope global; sudo -n id -u',
        ]);
        expect(result.stderr).toBe('');
        expect(result.code).toBe(0);
        const [name, ...rest] = result.stdout.trim().split('\n');
        expect(name).toBe(host.id);
        // Exactly its own addresses (ECWAN's: one per network it routes): the namespaces are really apart.
        const seen = [...result.stdout.matchAll(/inet (\S+)\//g)].map((match) => match[1]).sort();
        const own =
          host.role === 'edge'
            ? lab.networks.map((network) => network.gateway)
            : host.interfaces.map((nic) => nic.address);
        expect(seen).toEqual([...own].sort());
        expect(rest.at(-1)).toBe('0');
      }),
    );
    expect(Object.keys(lab.hostKeys).sort()).toEqual(lab.hosts.map((host) => host.id).sort());
  });

  it('refuses a host whose key is not the pinned one', async () => {
    const host = labHost('db03');
    const wrongKnownHosts = path.join(lab.paths.runDir, 'wrong_known_hosts');
    const otherKey = lab.hostKeys.host03 ?? '';
    fs.writeFileSync(wrongKnownHosts, `${host.address} ${otherKey}\n`);
    const args = lab.sshArgs(host).map((arg) => arg.replace(lab.knownHosts, wrongKnownHosts));
    const result = await run('ssh', [...args, 'true']);
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
  });

  it("serves each website's page on its host by server name, over HTTP and HTTPS, with PHP", async () => {
    for (const site of lab.websites) {
      const host = labHost(site.host);
      for (const domain of site.domains) {
        const page = await httpGet(host.address, domain);
        expect(page.status, domain).toBe(200);
        expect(page.body).toContain(`<h1>${site.name}</h1>`);
        expect(page.body).toContain(`website ${site.id} on ${site.host}`);
      }
      const ca = fs.readFileSync(path.join(lab.paths.hostKeyDir(host.id), 'tls.crt'), 'utf8');
      const secure = await httpsGet(host.address, site.domains[0] ?? '', ca);
      expect(secure.body).toContain(`website ${site.id}`);
    }
    const unknown = await httpGet(labHost('host03').address, 'unknown.gip-paca.test');
    expect(unknown.status).toBe(404);
    const php = await httpGet(labHost('host04').address, 'intranet.gip-paca.test', '/status.php');
    expect(php.body).toMatch(/^php 8\.\d+\.\d+ intranet$/);
  });

  it("answers queries on DB03's PostgreSQL and MariaDB from the provider side", async () => {
    const db03 = labHost('db03');
    const client = new pg.Client({
      host: db03.address,
      user: lab.database.user,
      password: lab.database.password,
      database: lab.database.database,
      connectionTimeoutMillis: 3_000,
    });
    await client.connect();
    try {
      const result = await client.query<{ answer: number; server: string }>(
        'SELECT 6 * 7 AS answer, host(inet_server_addr()) AS server',
      );
      expect(result.rows[0]).toEqual({ answer: 42, server: db03.address });
    } finally {
      await client.end();
    }
    const mariadb = await run(
      'mariadb',
      [
        '--no-defaults',
        '-h',
        db03.address,
        '-u',
        lab.database.user,
        '-N',
        '-B',
        '--connect-timeout=3',
        '-e',
        'SELECT 6 * 7, DATABASE()',
        lab.database.database,
      ],
      { ...process.env, MYSQL_PWD: lab.database.password },
    );
    expect(mariadb.stderr).toBe('');
    expect(mariadb.stdout.trim()).toBe(`42\t${lab.database.database}`);
  });

  it("has ECWAN's firewall drop what it should", async () => {
    const host03 = labHost('host03');
    const db03 = labHost('db03');
    const hypervisor = labHost('virtualwan03');
    // Database ports only lead to DB03; web ports only to the web hosts; nothing but SSH to ECWAN.
    const dropped = await Promise.all([
      connect(host03.address, 3306, 1_500),
      connect(db03.address, 80, 1_500),
      connect(hypervisor.address, 443, 1_500),
      connect(labHost('ecwan').address, 80, 1_500),
    ]);
    for (const outcome of dropped) expect(outcome).toMatchObject({ ok: false, error: 'TIMEOUT' });
    const allowed = await Promise.all([
      connect(db03.address, 5432, 1_500),
      connect(host03.address, 443, 1_500),
    ]);
    for (const outcome of allowed) expect(outcome).toMatchObject({ ok: true });
    // From a web host to DB03 (the data network) the databases answer.
    const fromWeb = await run('ssh', [
      ...lab.sshArgs(host03),
      `timeout 2 bash -c '</dev/tcp/${db03.address}/3306' && echo open`,
    ]);
    expect(fromWeb.stdout.trim()).toBe('open');
  });

  it('says what is up with `lab status`, and `lab up` again keeps the running lab', async () => {
    const status = await labCli('status', '--json');
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { up: boolean; hosts: { id: string; linkUp: boolean }[] };
    expect(parsed.up).toBe(true);
    expect(parsed.hosts.every((host) => host.linkUp)).toBe(true);
    const pidBefore = fs.readFileSync(path.join(lab.paths.hostRunDir('host03'), 'sshd.pid'), 'utf8');
    const again = await labCli('up');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('The lab is already up.');
    expect(again.stdout).toMatch(
      /db03\s+198\.18\.2\.13\s+link up\s+openssh running, postgresql running, mariadb running/,
    );
    expect(fs.readFileSync(path.join(lab.paths.hostRunDir('host03'), 'sshd.pid'), 'utf8')).toBe(pidBefore);
  });

  it(
    'cuts a host off and restores it, the others staying reachable',
    () =>
      lab.exclusively(async () => {
        const host04 = labHost('host04');
        const host03 = labHost('host03');
        expect((await labCli('cut', 'host04')).code).toBe(0);
        try {
          expect(await connect(host04.address, 22, 1_500)).toMatchObject({ ok: false });
          expect(await connect(host03.address, 22, 1_500)).toMatchObject({ ok: true });
          const status = await labCli('status');
          expect(status.stdout).toMatch(/host04\s+.*CUT/);
        } finally {
          expect((await labCli('restore', 'host04')).code).toBe(0);
        }
        expect(await connect(host04.address, 22, 3_000)).toMatchObject({ ok: true });
      }),
    660_000,
  );

  it(
    'cuts the whole rack when ECWAN is cut, and lab traffic then fails at once instead of leaving',
    () =>
      lab.exclusively(async () => {
        expect((await labCli('cut', 'ecwan')).code).toBe(0);
        try {
          const outcome = await connect(labHost('host03').address, 22, 1_500);
          expect(outcome).toMatchObject({ ok: false, error: 'EHOSTUNREACH' });
          expect(outcome.ok ? 0 : outcome.ms).toBeLessThan(500);
        } finally {
          expect((await labCli('restore', 'ecwan')).code).toBe(0);
        }
        expect(await connect(labHost('host03').address, 22, 3_000)).toMatchObject({ ok: true });
      }),
    660_000,
  );

  it(
    'repairs a half-made lab on `up`',
    () =>
      lab.exclusively(async () => {
        const nginxPid = Number.parseInt(
          fs.readFileSync(path.join(lab.paths.hostRunDir('host03'), 'nginx.pid'), 'utf8'),
          10,
        );
        process.kill(nginxPid, 'SIGKILL');
        await run('ip', ['netns', 'add', 'vigie-stray']);
        const broken = await labCli('status', '--json');
        expect(JSON.parse(broken.stdout)).toMatchObject({ up: false, strayNamespaces: ['vigie-stray'] });
        const repaired = await labCli('up');
        expect(repaired.code, repaired.stderr).toBe(0);
        expect(repaired.stdout).toContain('Tearing down a half-made lab first.');
        const after = JSON.parse((await labCli('status', '--json')).stdout) as {
          up: boolean;
          strayNamespaces: string[];
        };
        expect(after).toMatchObject({ up: true, strayNamespaces: [] });
        expect((await httpGet(labHost('host03').address, 'api.gip-paca.test')).status).toBe(200);
      }),
    660_000,
  );

  it('leaves nothing behind on `down`, and lab addresses are then unreachable at once', async () => {
    const labPids = (
      await Promise.all(lab.hosts.map((host) => run('ip', ['netns', 'pids', host.namespace])))
    ).flatMap((result) => result.stdout.split('\n').filter(Boolean).map(Number));
    expect(labPids.length).toBeGreaterThanOrEqual(lab.hosts.length);
    await lab.takeDownExclusively(async (status) => {
      expect(status.absent).toBe(true);
      expect((await run('ip', ['netns', 'list'])).stdout).not.toContain('vigie-');
      expect((await run('ip', ['-o', 'link', 'show'])).stdout).not.toContain('vigie-');
      expect(labPids.filter((pid) => fs.existsSync(`/proc/${pid}`))).toEqual([]);
      expect(fs.existsSync(lab.paths.runDir)).toBe(false);
      expect(fs.existsSync(lab.paths.logDir)).toBe(false);
      expect(
        fs.existsSync('/etc/netns')
          ? fs.readdirSync('/etc/netns').filter((name) => name.startsWith('vigie-'))
          : [],
      ).toEqual([]);
      expect((await run('ip', ['route', 'show', 'exact', LAB_PREFIX])).stdout.trim()).toBe(
        `unreachable ${LAB_PREFIX}`,
      );
      const outcome = await connect(labHost('db03').address, 5432, 1_500);
      expect(outcome).toMatchObject({ ok: false, error: 'EHOSTUNREACH' });
      expect(outcome.ok ? 0 : outcome.ms).toBeLessThan(200);
      const cliStatus = await labCli('status');
      expect(cliStatus.stdout).toContain('The lab is down.');
    });
  }, 660_000);
});
