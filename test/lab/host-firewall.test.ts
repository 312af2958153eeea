/**
 * Every lab host's own firewall, seen from the provider side and from inside the rack: a port that
 * nothing allows stays shut even with a server listening on it, declared services answer those
 * who should reach them, and SSH comes in from the provider and ECWAN only.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { HOST_TABLE, hostRuleset } from '../../lab/firewall.js';
import { LAB_HOSTS, labHost } from '../../lab/topology.js';
import { labSkipReason, useLab } from '../support/lab.js';

/** Not a port of any lab service, nor the 8081 another test plants inside a host. */
const STRAY_PORT = 8097;

function run(command: string, args: readonly string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { timeout: 30_000 }, (error, stdout) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout });
    });
  });
}

/** Whether a TCP connection from the provider side opens within `timeoutMs`; `dropped` on a timeout. */
function reach(host: string, port: number, timeoutMs = 1_500): Promise<'open' | 'dropped' | string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (outcome: string): void => {
      socket.destroy();
      resolve(outcome);
    };
    socket.setTimeout(timeoutMs, () => done('dropped'));
    socket.once('connect', () => done('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** `open` or `shut`: a TCP connection from inside a namespace (its own view of the rack). */
async function reachFrom(namespace: string, address: string, port: number): Promise<string> {
  const probe = `timeout 2 bash -c '</dev/tcp/${address}/${port}' && echo open || echo shut`;
  return (await run('ip', ['netns', 'exec', namespace, 'bash', '-c', probe])).stdout.trim();
}

describe('the hosts’ own rulesets', () => {
  it('drop by default and open each declared port to its sources only', () => {
    const db03 = hostRuleset(labHost('db03'));
    expect(db03).toContain('policy drop;');
    expect(db03).toMatch(/ip saddr \{ 198\.18\.2\.0\/24, 198\.18\.0\.1 \} tcp dport \{ 5432 \} accept/);
    expect(db03).toMatch(/ip saddr \{ 198\.18\.0\.1, 198\.18\.0\.2, [^}]*\} tcp dport \{ 22 \} accept/);
    expect(db03).not.toContain('dport { 80, 443 }');
    expect(hostRuleset(labHost('host04'))).toMatch(/\n {4}tcp dport \{ 80, 443 \} accept/);
  });
});

describe.skipIf(labSkipReason !== undefined)('firewalls on every lab host', () => {
  const lab = useLab();
  const db03 = labHost('db03');
  let listener: ChildProcess | undefined;

  afterAll(() => {
    listener?.kill('SIGKILL');
  });

  it('has its own table, default drop, in every host but ECWAN', async () => {
    for (const host of LAB_HOSTS.filter((candidate) => candidate.role !== 'edge')) {
      const listed = await run('ip', [
        'netns',
        'exec',
        host.namespace,
        'nft',
        'list',
        'table',
        'inet',
        HOST_TABLE,
      ]);
      expect(listed.code, host.id).toBe(0);
      expect(listed.stdout).toContain('policy drop;');
    }
  });

  it('keeps a port nothing allows on DB03 shut from the provider side, while the allowed ones answer', async () => {
    // A server on DB03 that no rule allows: reachable inside DB03, so only the firewall stands in the way.
    listener = spawn(
      'ip',
      [
        'netns',
        'exec',
        db03.namespace,
        process.execPath,
        '-e',
        `require('node:net').createServer((s) => s.end('stray\\n')).listen(${STRAY_PORT}, '0.0.0.0')`,
      ],
      { stdio: 'ignore' },
    );
    let inside = 'shut';
    for (let attempt = 0; attempt < 40 && inside !== 'open'; attempt += 1) {
      inside = await reachFrom(db03.namespace, db03.address, STRAY_PORT);
      if (inside !== 'open') await sleep(100);
    }
    expect(inside).toBe('open');
    expect(await reach(db03.address, STRAY_PORT)).toBe('dropped');
    // From ECWAN itself nothing is forwarded, so this is DB03's own firewall at work.
    const edge = labHost('ecwan').namespace;
    expect(await reachFrom(edge, db03.address, STRAY_PORT)).toBe('shut');
    expect(await reachFrom(edge, db03.address, 5432)).toBe('open');
    const allowed = await Promise.all([
      reach(db03.address, 22),
      reach(db03.address, 5432),
      reach(db03.address, 3306),
    ]);
    expect(allowed).toEqual(['open', 'open', 'open']);
  });

  it('lets the databases answer the data network, the websites anyone, and SSH only the provider and ECWAN', async () => {
    const host03 = labHost('host03');
    const host04 = labHost('host04');
    const edge = labHost('ecwan').namespace;
    expect(await reachFrom(host03.namespace, db03.address, 5432)).toBe('open');
    expect(await reachFrom(edge, host03.address, 443)).toBe('open');
    // From a hypervisor (not on the data network) ECWAN forwards nothing to the databases.
    expect(await reachFrom(labHost('virtualwan03').namespace, db03.address, 5432)).toBe('shut');
    // SSH between servers is refused (by the servers themselves, and by ECWAN where the machine
    // filters bridged traffic); ECWAN, the jump host, gets in.
    expect(await reachFrom(host03.namespace, db03.address, 22)).toBe('shut');
    expect(await reachFrom(host03.namespace, host04.address, 22)).toBe('shut');
    expect(await reachFrom(edge, db03.address, 22)).toBe('open');
    expect(await reachFrom(edge, host04.address, 22)).toBe('open');
    // Ping answers everywhere.
    const ping = await run('ping', ['-c', '1', '-W', '2', db03.address]);
    expect(ping.code).toBe(0);
    expect(lab.hosts.length).toBe(LAB_HOSTS.length);
  });
});
