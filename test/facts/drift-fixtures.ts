/**
 * Fixtures for drift tests: the example inventory as drift detection reads it, and facts written by hand
 * from what a Debian 12 VM of the rack shows (`ss -tulnp`, `systemctl list-units`, /proc/meminfo,
 * `ip -j addr`), in the shape `vigie facts` stores. Addresses come from the inventory, which moves them.
 */
import path from 'node:path';
import type { DriftInventory, InventoryEntry } from '../../src/facts/drift/drift-inventory.js';
import type { AddressFacts, HostFacts, ListeningSocket, RunningService } from '../../src/facts/model.js';
import { loadInventory } from '../../src/inventory/load.js';
import type { DesiredObject, ObjectKind } from '../../src/inventory/model.js';
import type { DeviceSpec } from '../../src/inventory/schema/device.js';
import type { ServiceSpec } from '../../src/inventory/schema/service.js';
import type { VmSpec } from '../../src/inventory/schema/vm.js';

export const EXAMPLE_DIR = path.resolve(import.meta.dirname, '../../examples/gip-paca');

/** The example's objects, as `vigie apply` would store them. */
export async function exampleObjects(): Promise<readonly DesiredObject[]> {
  const loaded = await loadInventory([EXAMPLE_DIR]);
  if (!loaded.ok) throw new Error(`examples/gip-paca does not validate: ${JSON.stringify(loaded.errors[0])}`);
  return loaded.objects;
}

/** Desired objects as drift detection reads them from the store. */
export function driftInventoryOf(objects: readonly DesiredObject[]): DriftInventory {
  const of = <T>(kind: ObjectKind): InventoryEntry<T>[] =>
    objects.filter((o) => o.kind === kind).map((o) => ({ key: o.key, spec: o.spec as T, source: o.source }));
  return { vms: of<VmSpec>('vm'), devices: of<DeviceSpec>('device'), services: of<ServiceSpec>('service') };
}

/** A host's declared interface addresses, as the host shows them (`ip -j addr`, global scope). */
export function addressesOf(inventory: DriftInventory, host: string): AddressFacts[] {
  const entry = [...inventory.vms, ...inventory.devices].find((h) => h.key === host);
  const interfaces = (entry?.spec.interfaces ?? []) as ReadonlyArray<{ name: string; address?: string }>;
  return interfaces.flatMap((i) =>
    i.address === undefined ? [] : [{ interface: i.name, address: i.address, family: 'inet' as const }],
  );
}

function tcp(address: string, port: number, process: string, pid: number): ListeningSocket {
  return { protocol: 'tcp', address, port, process, pid };
}

function udp(address: string, port: number, process: string, pid: number): ListeningSocket {
  return { protocol: 'udp', address, port, process, pid };
}

const systemd = (...names: string[]): RunningService[] => names.map((name) => ({ name, source: 'systemd' }));

/** Host03 as it runs: nginx on 80/443, PHP-FPM on a unix socket, OpenSSH, exim on loopback, chrony. */
export function host03Facts(inventory: DriftInventory, gatheredAt = '2026-11-28T09:00:00.000Z'): HostFacts {
  return {
    host: 'host03',
    gatheredAt,
    os: { id: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)' },
    kernel: '6.1.0-27-amd64',
    uptimeSeconds: 1_987_654,
    cpu: { model: 'QEMU Virtual CPU version 2.5+', cores: 4, architecture: 'x86_64' },
    // A 16GiB VM: MemTotal is 16,375,712 kB (the kernel keeps the rest).
    memory: {
      totalBytes: 16_375_712 * 1024,
      availableBytes: 12_001_112 * 1024,
      swapTotalBytes: 1_000_444 * 1024,
      swapFreeBytes: 1_000_444 * 1024,
    },
    filesystems: [
      {
        mountpoint: '/',
        device: '/dev/vda1',
        type: 'ext4',
        sizeBytes: 41_111_375_872,
        usedBytes: 6_012_345_344,
        availableBytes: 33_012_776_960,
      },
      {
        mountpoint: '/var/www',
        device: '/dev/vdb1',
        type: 'ext4',
        sizeBytes: 210_303_246_336,
        usedBytes: 48_101_834_752,
        availableBytes: 151_456_006_144,
      },
    ],
    addresses: addressesOf(inventory, 'host03'),
    listening: [
      udp('0.0.0.0', 68, 'dhclient', 402),
      tcp('0.0.0.0', 22, 'sshd', 611),
      tcp('::', 22, 'sshd', 611),
      tcp('127.0.0.1', 25, 'exim4', 1020),
      tcp('::1', 25, 'exim4', 1020),
      tcp('0.0.0.0', 80, 'nginx', 845),
      tcp('::', 80, 'nginx', 845),
      udp('127.0.0.1', 323, 'chronyd', 530),
      udp('::1', 323, 'chronyd', 530),
      tcp('0.0.0.0', 443, 'nginx', 845),
      tcp('::', 443, 'nginx', 845),
    ],
    services: systemd(
      'chrony',
      'cron',
      'dbus',
      'exim4',
      'getty@tty1',
      'nginx',
      'php8.2-fpm',
      'qemu-guest-agent',
      'rsyslog',
      'serial-getty@ttyS0',
      'ssh',
      'systemd-journald',
      'systemd-logind',
      'systemd-udevd',
    ),
    packages: [
      { name: 'nginx', version: '1.22.1-9+deb12u1', architecture: 'amd64' },
      { name: 'php8.2-fpm', version: '8.2.26-1~deb12u1', architecture: 'amd64' },
      { name: 'openssh-server', version: '1:9.2p1-2+deb12u3', architecture: 'amd64' },
    ],
    reboot: { required: false, packages: [] },
    problems: [],
  };
}

/** DB03 as it runs: PostgreSQL 15 (Debian's postgresql@15-main unit) and MariaDB, both on all addresses. */
export function db03Facts(inventory: DriftInventory, gatheredAt = '2026-11-28T09:00:00.000Z'): HostFacts {
  const base = host03Facts(inventory, gatheredAt);
  return {
    ...base,
    host: 'db03',
    cpu: { ...base.cpu, cores: 8 },
    // A 32GiB VM.
    memory: { ...base.memory, totalBytes: 32_867_124 * 1024 },
    addresses: addressesOf(inventory, 'db03'),
    listening: [
      tcp('0.0.0.0', 22, 'sshd', 598),
      tcp('::', 22, 'sshd', 598),
      tcp('127.0.0.1', 25, 'exim4', 990),
      tcp('0.0.0.0', 3306, 'mariadbd', 1203),
      tcp('0.0.0.0', 5432, 'postgres', 1101),
      tcp('::', 5432, 'postgres', 1101),
    ],
    services: systemd('chrony', 'cron', 'exim4', 'mariadb', 'postgresql@15-main', 'ssh', 'systemd-journald'),
  };
}

/** `facts` with some fields replaced. */
export function withFacts(facts: HostFacts, change: Partial<HostFacts>): HostFacts {
  return { ...facts, ...change };
}
