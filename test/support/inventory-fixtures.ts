/** Builders for inventory tests: desired objects of a small rack, principals of each role, core deps on a test store. */
import type { Principal } from '../../src/auth/principal.js';
import type { Role } from '../../src/auth/roles.js';
import type { DesiredObject, ObjectKind } from '../../src/inventory/model.js';
import { createLogger } from '../../src/log/logger.js';
import type { CoreDeps } from '../../src/runtime/deps.js';
import type { Clock } from '../../src/time/clock.js';
import type { TestStore } from './test-store.js';

export const GiB = 1024 ** 3;

/** One desired object; `source` defaults to a plausible `file:line:column`. */
export function desired(
  kind: ObjectKind,
  key: string,
  spec: Record<string, unknown>,
  source?: string,
): DesiredObject {
  return { kind, key, spec, source: source ?? `${kind}s.yaml:1:3` };
}

/** A rack like the customer's: a firewall, two hypervisors, three VMs, services, two websites, two databases, a developer (16 objects). */
export function smallRack(): DesiredObject[] {
  return [
    desired('site', 'marseille', { name: 'Marseille' }),
    desired('rack', 'baie-1', { name: 'Baie 1', site: 'marseille', height: 42 }),
    desired('device', 'ecwan', { name: 'ECWAN', type: 'firewall', rack: 'baie-1', position: 42, height: 1 }),
    desired('device', 'virtualwan03', {
      name: 'VirtualWAN03',
      type: 'hypervisor',
      rack: 'baie-1',
      position: 38,
      height: 2,
    }),
    desired('device', 'virtualwan04', {
      name: 'VirtualWAN04',
      type: 'hypervisor',
      rack: 'baie-1',
      position: 35,
      height: 2,
    }),
    desired('vm', 'db03', {
      name: 'DB03',
      hypervisor: 'virtualwan03',
      vcpu: 4,
      memory: 16 * GiB,
      disks: [
        { name: 'system', size: 40 * GiB },
        { name: 'data', size: 200 * GiB },
      ],
    }),
    desired('vm', 'host03', {
      name: 'Host03',
      hypervisor: 'virtualwan03',
      vcpu: 2,
      memory: 8 * GiB,
      disks: [],
    }),
    desired('vm', 'host04', {
      name: 'Host04',
      hypervisor: 'virtualwan04',
      vcpu: 2,
      memory: 8 * GiB,
      disks: [],
    }),
    desired('service', 'db03-postgresql', {
      kind: 'postgresql',
      host: 'db03',
      host_kind: 'vm',
      ports: [{ port: 5432, protocol: 'tcp' }],
    }),
    desired('service', 'host03-nginx', {
      kind: 'nginx',
      host: 'host03',
      host_kind: 'vm',
      ports: [{ port: 443, protocol: 'tcp' }],
    }),
    desired('service', 'host04-nginx', {
      kind: 'nginx',
      host: 'host04',
      host_kind: 'vm',
      ports: [{ port: 443, protocol: 'tcp' }],
    }),
    desired('website', 'offre', {
      name: 'Offre de formation',
      host: 'host03',
      host_kind: 'vm',
      service: 'host03-nginx',
      domains: ['offre.example.test'],
      tls: { mode: 'acme', redirect_http: true },
      databases: ['offre-db'],
    }),
    desired('website', 'orientation', {
      name: 'Orientation',
      host: 'host04',
      host_kind: 'vm',
      service: 'host04-nginx',
      domains: ['orientation.example.test'],
      tls: { mode: 'acme', redirect_http: true },
    }),
    desired('database', 'offre-db', {
      name: 'offre',
      engine: 'postgresql',
      server: 'db03-postgresql',
      owner: 'offre',
      visibility: 'internal',
    }),
    desired('database', 'stats-db', {
      name: 'stats',
      engine: 'postgresql',
      server: 'db03-postgresql',
      owner: 'stats',
      visibility: 'public',
    }),
    desired('person', 'dev-alice', {
      name: 'Alice Martin',
      organisation: 'customer',
      roles: ['developer'],
      access: { websites: ['offre'], databases: ['offre-db'] },
    }),
  ];
}

/** A copy of `objects` where one object's spec is transformed. */
export function editSpec(
  objects: readonly DesiredObject[],
  kind: ObjectKind,
  key: string,
  edit: (spec: Record<string, unknown>) => Record<string, unknown>,
): DesiredObject[] {
  return objects.map((o) =>
    o.kind === kind && o.key === key ? { ...o, spec: edit(structuredClone({ ...o.spec })) } : o,
  );
}

export function principal(role: Role, personKey: string | null = null, username: string = role): Principal {
  return { userId: `id-${username}`, username, role, personKey, locale: 'en', via: 'session' };
}

/** A clock tests move by hand. */
export function manualClock(start = '2026-11-28T10:00:00.000Z'): Clock & { advance(ms: number): void } {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Core dependencies on a test store, with a quiet logger and a manual clock. */
export function testDeps(testStore: TestStore, clock: Clock = manualClock()): CoreDeps {
  return {
    config: testStore.config,
    store: testStore.store,
    clock,
    logger: createLogger({ logLevel: 'silent' }),
  };
}
