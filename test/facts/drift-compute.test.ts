/** Drift detection as a pure function: the example inventory against facts written from real Debian hosts. */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkHostDrift, computeDrift } from '../../src/facts/drift/compute-drift.js';
import type { DriftInventory } from '../../src/facts/drift/drift-inventory.js';
import { listenerScope } from '../../src/facts/drift/listener-policy.js';
import { versionsAgree } from '../../src/facts/drift/machine-drift.js';
import type { HostFacts, ListeningSocket } from '../../src/facts/model.js';
import {
  addressesOf,
  db03Facts,
  driftInventoryOf,
  exampleObjects,
  host03Facts,
  withFacts,
} from './drift-fixtures.js';

const GiB = 1024 ** 3;
let inventory: DriftInventory;

beforeAll(async () => {
  inventory = driftInventoryOf(await exampleObjects());
});

function listen(socket: Partial<ListeningSocket> & Pick<ListeningSocket, 'port'>): ListeningSocket {
  return { protocol: 'tcp', address: '0.0.0.0', process: undefined, pid: undefined, ...socket };
}

function kinds(facts: HostFacts): string[] {
  return computeDrift(inventory, facts).map((finding) => finding.kind);
}

describe('drift of a host that matches its inventory', () => {
  it('finds nothing on Host03 and DB03 as they run', () => {
    expect(checkHostDrift(inventory, host03Facts(inventory))).toEqual({ findings: [], skipped: [] });
    expect(checkHostDrift(inventory, db03Facts(inventory))).toEqual({ findings: [], skipped: [] });
  });

  it('finds nothing for facts of a host the inventory does not have', () => {
    expect(computeDrift(inventory, { ...host03Facts(inventory), host: 'host99' })).toEqual([]);
  });
});

describe('undeclared ports', () => {
  it('reports a listener on all addresses with its process, and how to resolve it', () => {
    const base = host03Facts(inventory);
    const facts = withFacts(base, {
      listening: [...base.listening, listen({ port: 8081, process: 'python3', pid: 4242 })],
    });
    const findings = computeDrift(inventory, facts);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      host: 'host03',
      kind: 'undeclared_port',
      severity: 'warning',
      object: { kind: 'vm', key: 'host03' },
      details: { protocol: 'tcp', port: 8081, processes: ['python3'], pids: [4242], service: null },
    });
    expect(finding?.message).toBe(
      '8081/tcp is listening on 0.0.0.0:8081 (python3 (pid 4242)), but no service of Host03 declares it.',
    );
    expect(finding?.action).toMatch(/^Declare 8081 in the ports of a service of host03 in services\.yaml/);
    expect(finding?.action).toContain('or stop python3 (pid 4242) listening on 0.0.0.0:8081');
  });

  it('points at the declared service of the same software, with its file and line', () => {
    const base = host03Facts(inventory);
    const nginxSource = inventory.services.find((s) => s.key === 'host03-nginx')?.source ?? '';
    const facts = withFacts(base, {
      listening: [
        ...base.listening,
        listen({ port: 8080, process: 'nginx', pid: 845 }),
        listen({ port: 8080, address: '::', process: 'nginx', pid: 845 }),
      ],
    });
    const [finding] = computeDrift(inventory, facts);
    expect(finding).toMatchObject({
      kind: 'undeclared_port',
      object: { kind: 'service', key: 'host03-nginx' },
      details: { port: 8080, addresses: ['0.0.0.0', '::'], service: 'host03-nginx' },
    });
    const line = /^(services\.yaml:\d+):\d+$/.exec(nginxSource)?.[1];
    expect(line).toBeDefined();
    expect(finding?.action).toBe(
      `Add 8080 to the ports of host03-nginx (${line}), or stop nginx (pid 845) listening on 0.0.0.0:8080, [::]:8080.`,
    );
  });

  it('leaves out loopback and link-local listeners and the DHCP client, and calls ephemeral UDP information', () => {
    const base = host03Facts(inventory);
    const facts = withFacts(base, {
      listening: [
        ...base.listening,
        listen({ port: 6379, address: '127.0.0.1', process: 'redis-server' }),
        listen({ port: 6379, address: '::1', process: 'redis-server' }),
        listen({ protocol: 'udp', port: 546, address: 'fe80::be24:11ff:fe3a:1c2d', process: 'dhclient' }),
        listen({ protocol: 'udp', port: 53, address: '127.0.0.53', process: 'systemd-resolve' }),
        listen({ protocol: 'udp', port: 45123, address: '0.0.0.0', process: 'ntpdate' }),
      ],
    });
    const findings = computeDrift(inventory, facts);
    expect(findings.map((f) => [f.kind, f.severity, f.details.port])).toEqual([
      ['undeclared_port', 'info', 45123],
    ]);
  });

  it('still reports a port whose process is unknown (no root to read it)', () => {
    const base = host03Facts(inventory);
    const facts = withFacts(base, {
      listening: [...base.listening, listen({ port: 9100 })],
      problems: [{ section: 'listening', message: 'the processes behind the ports are unknown' }],
    });
    const { findings, skipped } = checkHostDrift(inventory, facts);
    expect(findings.map((f) => f.message)).toEqual([
      '9100/tcp is listening on 0.0.0.0:9100 (a process Vigie could not name), but no service of Host03 declares it.',
    ]);
    expect(skipped).toEqual([
      expect.objectContaining({ check: 'ports', partial: true, reason: expect.stringContaining('unknown') }),
    ]);
  });
});

describe('declared services and ports', () => {
  it('reports a stopped service once, as not running, with the names looked for', () => {
    const base = host03Facts(inventory);
    const facts = withFacts(base, {
      listening: base.listening.filter((s) => s.process !== 'nginx'),
      services: base.services.filter((s) => s.name !== 'nginx'),
    });
    const findings = computeDrift(inventory, facts);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'service_not_running',
      severity: 'critical',
      object: { kind: 'service', key: 'host03-nginx' },
      details: {
        service: 'host03-nginx',
        serviceKind: 'nginx',
        lookedFor: ['nginx'],
        ports: ['80/tcp', '443/tcp'],
      },
    });
    expect(findings[0]?.action).toMatch(
      /^Start nginx on host03 .* or remove host03-nginx from services\.yaml:\d+ if it was retired\.$/,
    );
  });

  it('knows PHP-FPM and OpenSSH by their process names where there is no systemd', () => {
    const base = host03Facts(inventory);
    const facts = withFacts(base, {
      services: ['sshd', 'nginx', 'php-fpm8.2', 'cron'].map((name) => ({ name, source: 'process' as const })),
    });
    expect(computeDrift(inventory, facts)).toEqual([]);
    const noFpm = withFacts(facts, { services: facts.services.filter((s) => s.name !== 'php-fpm8.2') });
    expect(computeDrift(inventory, noFpm).map((f) => [f.kind, f.object?.key])).toEqual([
      ['service_not_running', 'host03-php-fpm'],
    ]);
  });

  it('reports a declared port that listens on loopback only', () => {
    const base = db03Facts(inventory);
    const facts = withFacts(base, {
      listening: [
        ...base.listening.filter((s) => s.port !== 5432),
        listen({ port: 5432, address: '127.0.0.1', process: 'postgres', pid: 1101 }),
      ],
    });
    const findings = computeDrift(inventory, facts);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      kind: 'declared_port_closed',
      object: { kind: 'service', key: 'db03-postgresql' },
      details: { port: 5432, protocol: 'tcp', localAddresses: ['127.0.0.1'] },
    });
    expect(findings[0]?.message).toContain('it listens only on 127.0.0.1:5432');
  });

  it('reports a declared port nothing listens on while the service runs', () => {
    const base = host03Facts(inventory);
    const facts = withFacts(base, { listening: base.listening.filter((s) => s.port !== 443) });
    const findings = computeDrift(inventory, facts);
    expect(findings.map((f) => [f.kind, f.object?.key, f.details.port])).toEqual([
      ['declared_port_closed', 'host03-nginx', 443],
    ]);
    expect(findings[0]?.message).toBe('host03-nginx declares 443/tcp, but nothing listens on it on Host03.');
  });

  it('on ECWAN, skips nftables (not a daemon) and reports the IPsec daemon missing', () => {
    const base = host03Facts(inventory);
    const facts = withFacts(base, {
      host: 'ecwan',
      addresses: addressesOf(inventory, 'ecwan'),
      listening: base.listening.filter((s) => s.process === 'sshd'),
      services: [{ name: 'sshd', source: 'process' }],
    });
    const { findings, skipped } = checkHostDrift(inventory, facts);
    expect(findings.map((f) => [f.kind, f.object?.key])).toEqual([['service_not_running', 'ecwan-ipsec']]);
    expect(findings[0]?.message).toContain('none of charon');
    expect(findings[0]?.message).toContain('500/udp, 4500/udp');
    expect(skipped.map((s) => [s.check, s.object?.key, s.partial])).toEqual([
      ['services', 'ecwan-nftables', false],
    ]);
    expect(skipped[0]?.reason).toContain('not a daemon');
  });

  it('skips service and port checks when their sections could not be read at all', () => {
    const facts = withFacts(host03Facts(inventory), {
      listening: [],
      services: [],
      problems: [
        { section: 'listening', message: 'the command failed (exit 127): ss: not found' },
        { section: 'services', message: 'the process list is empty' },
      ],
    });
    const { findings, skipped } = checkHostDrift(inventory, facts);
    expect(findings).toEqual([]);
    expect(skipped.map((s) => [s.check, s.partial])).toEqual([
      ['services', false],
      ['ports', false],
    ]);
    expect(skipped[1]?.reason).toContain('ss: not found');
  });
});

describe('memory, processors and operating system', () => {
  it('accepts MemTotal a little below the declared memory and reports a resized VM', () => {
    const base = host03Facts(inventory);
    expect(
      kinds(withFacts(base, { memory: { ...base.memory, totalBytes: Math.round(14.5 * GiB) } })),
    ).toEqual([]);
    const resized = withFacts(base, { memory: { ...base.memory, totalBytes: 32_867_124 * 1024 } });
    const [finding] = computeDrift(inventory, resized);
    expect(finding).toMatchObject({
      kind: 'memory_mismatch',
      severity: 'warning',
      object: { kind: 'vm', key: 'host03' },
      details: { declaredBytes: 16 * GiB, differencePercent: 96, suggested: '32GiB' },
    });
    expect(finding?.message).toBe(
      "Host03 reports 31.3GiB of memory (MemTotal), the inventory declares 16GiB: +96%, beyond the 10% the kernel's own share explains.",
    );
    expect(finding?.action).toMatch(
      /^Fix the VM's memory on virtualwan03 \(declared 16GiB\), or change memory: of host03 to 32GiB in vms\.yaml:\d+\.$/,
    );
  });

  it('reports vCPUs the guest does not see', () => {
    const base = host03Facts(inventory);
    const [finding] = computeDrift(inventory, withFacts(base, { cpu: { ...base.cpu, cores: 2 } }));
    expect(finding).toMatchObject({ kind: 'cpu_mismatch', details: { declared: 4, observed: 2 } });
    expect(finding?.message).toBe('Host03 sees 2 processors, the inventory declares 4 vCPUs.');
  });

  it('reports an upgraded system, and compares versions on the parts both give', () => {
    const base = host03Facts(inventory);
    const upgraded = withFacts(base, {
      os: { id: 'debian', version: '13', name: 'Debian GNU/Linux 13 (trixie)' },
    });
    const [finding] = computeDrift(inventory, upgraded);
    expect(finding).toMatchObject({
      kind: 'os_mismatch',
      details: { declaredVersion: '12', observedVersion: '13' },
    });
    expect(finding?.action).toMatch(/set os: \{ family: debian, version: 13 \} in vms\.yaml:\d+/);
    const ubuntu = withFacts(base, { os: { id: 'ubuntu', version: '22.04', name: 'Ubuntu 22.04.4 LTS' } });
    expect(kinds(ubuntu)).toEqual(['os_mismatch']);
    expect(versionsAgree('12', '12')).toBe(true);
    expect(versionsAgree('9', '9.3')).toBe(true);
    expect(versionsAgree('12.5', '12')).toBe(true);
    expect(versionsAgree('22.04', '24.04')).toBe(false);
    expect(versionsAgree('12', '13')).toBe(false);
  });
});

describe('addresses', () => {
  it('reports a missing address, an address with another prefix, and undeclared ones', () => {
    const base = host03Facts(inventory);
    const [first, second] = base.addresses;
    if (first === undefined || second === undefined) throw new Error('host03 declares two addresses');
    const ip = first.address.split('/')[0];
    const facts = withFacts(base, {
      addresses: [
        { ...first, address: `${ip}/16` },
        { interface: 'ens20', address: '10.9.8.7/24', family: 'inet' },
        { interface: 'ens18', address: '2001:db8::13/64', family: 'inet6' },
      ],
    });
    const findings = computeDrift(inventory, facts);
    expect(findings.map((f) => [f.kind, f.severity, f.details.address])).toEqual([
      // Same kind and severity: ordered by message ("does not have" before "has").
      ['address_missing', 'warning', second.address],
      ['address_missing', 'warning', first.address],
      ['undeclared_address', 'warning', '10.9.8.7/24'],
      ['undeclared_address', 'info', '2001:db8::13/64'],
    ]);
    expect(findings[1]?.message).toContain('the prefix lengths differ');
    expect(findings[0]?.message).toBe(
      `Host03 does not have ${second.address}, declared on ${second.interface}.`,
    );
  });
});

describe('order and listener scopes', () => {
  it('orders findings by severity, then kind', () => {
    const base = host03Facts(inventory);
    const facts = withFacts(base, {
      cpu: { ...base.cpu, cores: 2 },
      listening: [...base.listening.filter((s) => s.process !== 'nginx'), listen({ port: 8081 })],
      services: base.services.filter((s) => s.name !== 'nginx'),
    });
    expect(kinds(facts)).toEqual(['service_not_running', 'cpu_mismatch', 'undeclared_port']);
  });

  it('reads the scope of the addresses ss prints', () => {
    expect(['0.0.0.0', '::', '*', '[::]'].map(listenerScope)).toEqual(['all', 'all', 'all', 'all']);
    expect(['127.0.0.1', '127.0.0.53%lo', '::1', '::ffff:127.0.0.1'].map(listenerScope)).toEqual([
      'loopback',
      'loopback',
      'loopback',
      'loopback',
    ]);
    expect(listenerScope('fe80::1%ens18')).toBe('link-local');
    expect(listenerScope('198.18.1.13')).toBe('specific');
  });
});
