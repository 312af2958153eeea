/**
 * The checks every object gets without declaring them: a website its HTTP page and TLS certificate,
 * a database a connection, a host (VM or device with an address) ping, and SSH for VMs and for
 * devices that run SSH, with `host_metrics` when `vigie serve` collects its metrics. The inventory
 * tunes or disables them through `checks:`.
 */
import { METRIC_DEVICE_TYPES } from '../metrics/hosts.js';
import { type InventoryObjectInput, reachAddressOf, type Topology } from './topology.js';

export interface BaselineCheck {
  readonly name: string;
  readonly kind: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** Its own interval, over the defaults' (a check that reads the store needs not run every 30 s). */
  readonly intervalMs?: number | undefined;
}

/** How often the `backup` check reads the catalog. */
export const BACKUP_CHECK_INTERVAL_MS = 5 * 60_000;

/** The account derived database checks log in with, unless `checks:` names another. */
export const DEFAULT_CHECK_DB_USER = 'vigie_check';

export function baselineChecks(object: InventoryObjectInput, topology: Topology): BaselineCheck[] {
  switch (object.kind) {
    case 'website':
      return [...websiteChecks(object), ...backupChecks(object, topology, `files:website-${object.key}`)];
    case 'database':
      return [
        ...databaseChecks(object, topology),
        ...backupChecks(object, topology, `database:${object.key}`),
      ];
    case 'vm':
    case 'device':
      return hostChecks(object, topology);
    default:
      return [];
  }
}

/**
 * With a `backup:` section, each backed-up database and website gets a `backup` check: a failed
 * backup or drill, or a late RPO, becomes an incident (docs/backups.md).
 */
function backupChecks(object: InventoryObjectInput, topology: Topology, source: string): BaselineCheck[] {
  if (topology.get('backup', 'backup') === undefined) return [];
  const own = object.spec.backup as { disabled?: unknown } | undefined;
  if (own?.disabled === true) return [];
  return [{ name: 'backup', kind: 'backup', options: { source }, intervalMs: BACKUP_CHECK_INTERVAL_MS }];
}

function websiteChecks(website: InventoryObjectInput): BaselineCheck[] {
  const domains = Array.isArray(website.spec.domains) ? website.spec.domains : [];
  const domain = typeof domains[0] === 'string' ? domains[0] : undefined;
  if (domain === undefined) return [];
  const tlsMode = (website.spec.tls as { mode?: unknown } | undefined)?.mode;
  const plain = tlsMode === 'none';
  const checks: BaselineCheck[] = [
    { name: 'http', kind: 'http', options: { url: `${plain ? 'http' : 'https'}://${domain}/` } },
  ];
  if (!plain) checks.push({ name: 'tls', kind: 'tls', options: { host: domain, port: 443 } });
  return checks;
}

function databaseChecks(database: InventoryObjectInput, topology: Topology): BaselineCheck[] {
  const server =
    typeof database.spec.server === 'string' ? topology.get('service', database.spec.server) : undefined;
  const host = topology.hostOf(database);
  const address = host === undefined ? undefined : reachAddressOf(host);
  if (server === undefined || address === undefined) return [];
  const kind = database.spec.engine === 'mariadb' ? 'mysql' : 'postgres';
  const ports = Array.isArray(server.spec.ports) ? server.spec.ports : [];
  const tcp = ports.find((entry: unknown) => (entry as { protocol?: unknown }).protocol === 'tcp') as
    | { port: number }
    | undefined;
  return [
    {
      name: kind,
      kind,
      options: {
        host: address,
        ...(tcp === undefined ? {} : { port: tcp.port }),
        user: DEFAULT_CHECK_DB_USER,
        ...(typeof database.spec.name === 'string' ? { database: database.spec.name } : {}),
      },
    },
  ];
}

function hostChecks(host: InventoryObjectInput, topology: Topology): BaselineCheck[] {
  const address = reachAddressOf(host);
  if (address === undefined) return [];
  const checks: BaselineCheck[] = [{ name: 'ping', kind: 'ping', options: { host: address } }];
  const ssh = host.spec.ssh as { port?: unknown } | undefined;
  const runsSsh =
    host.kind === 'vm' || ssh !== undefined || topology.servicesOn(host.key, 'openssh').length > 0;
  if (runsSsh) {
    const port = typeof ssh?.port === 'number' ? ssh.port : sshServicePort(host, topology);
    checks.push({
      name: 'ssh',
      kind: 'ssh',
      options: { host: address, ...(port === undefined ? {} : { port }) },
    });
    // Metrics are read over SSH from VMs and from the device types `vigie serve` collects from.
    if (host.kind === 'vm' || METRIC_DEVICE_TYPES.includes(String(host.spec.type ?? '')))
      checks.push({ name: 'host_metrics', kind: 'host_metrics', options: { hostId: host.key } });
  }
  return checks;
}

function sshServicePort(host: InventoryObjectInput, topology: Topology): number | undefined {
  const [service] = topology.servicesOn(host.key, 'openssh');
  const ports = Array.isArray(service?.spec.ports) ? service.spec.ports : [];
  const first = ports[0] as { port?: unknown } | undefined;
  return typeof first?.port === 'number' ? first.port : undefined;
}
