/**
 * The backup plan of the inventory: every database and website (and every VM that asks) becomes a
 * source with its schedule, retention, destinations, RPO target and drills, from its own `backup:`
 * block over the section's defaults over Vigie's. Every database is backed up daily unless told not to.
 */
import { type InventoryObjectInput, reachAddressOf, Topology } from '../monitoring/topology.js';
import {
  type BackupSectionSettings,
  backupSectionSchema,
  type DestinationSettings,
  type ObjectBackupSettings,
  objectBackupSchema,
} from './policy-schema.js';
import type { RetentionCounts } from './retention.js';
import type { BackupSourceKind } from './tables.js';

export const DEFAULT_SCHEDULE = '0 2 * * *';
export const DEFAULT_DRILL_SCHEDULE = '0 5 * * 0';
export const DEFAULT_RETENTION: RetentionCounts = { daily: 7, weekly: 4, monthly: 12, yearly: 2 };
export const DEFAULT_RPO_TARGET_SECONDS = 26 * 3600;
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

export interface DatabaseEndpoint {
  /** The database service (`db03-postgresql`). */
  readonly server: string;
  readonly host: string;
  readonly address: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly passwordSecret: string | undefined;
}

export interface SourcePolicy {
  /** `database:offre-formation`, `files:website-offre-formation`, `files:vm-host03`. */
  readonly source: string;
  readonly kind: BackupSourceKind;
  readonly object: {
    readonly kind: 'database' | 'website' | 'vm';
    readonly id: string;
    readonly name: string;
  };
  /** The host the data lives on. */
  readonly host: string;
  readonly schedule: string;
  readonly retention: RetentionCounts;
  /** The first gets the backup, the others a copy. */
  readonly destinations: readonly string[];
  readonly rpoTargetSeconds: number;
  readonly drill: {
    readonly schedule: string;
    readonly query: string | undefined;
    readonly server: string | undefined;
  } | null;
  readonly globals: boolean;
  /** Databases: where and as whom to connect; undefined when no account is declared for the server. */
  readonly endpoint?: DatabaseEndpoint | undefined;
  /** Files. */
  readonly paths?: readonly string[] | undefined;
  readonly exclude?: readonly string[] | undefined;
  readonly sudo?: boolean | undefined;
}

export interface DisabledSource {
  readonly source: string;
  readonly reason: string;
}

export interface BackupPlan {
  readonly timeZone: string;
  readonly destinations: readonly DestinationSettings[];
  readonly sources: readonly SourcePolicy[];
  readonly disabled: readonly DisabledSource[];
  /** Why a source cannot run (no account, no address...), by source. */
  readonly problems: ReadonlyMap<string, string>;
  readonly drillServers: { readonly postgresql?: string | undefined; readonly mariadb?: string | undefined };
  readonly accounts: BackupSectionSettings['accounts'];
  readonly workDir: string | undefined;
}

/** Resolves the plan; `section` is the stored `backup` section as written (undefined when absent). */
export function resolveBackupPlan(objects: readonly InventoryObjectInput[], section: unknown): BackupPlan {
  const parsedSection = backupSectionSchema.safeParse(section ?? {});
  const settings: BackupSectionSettings = parsedSection.success ? parsedSection.data : {};
  const topology = new Topology(objects);
  const declared = settings.destinations ?? [];
  const defaults = settings.defaults ?? {};
  const sources: SourcePolicy[] = [];
  const disabled: DisabledSource[] = [];
  const problems = new Map<string, string>();

  const shared = (source: string, own: ObjectBackupSettings, engine: BackupSourceKind) => {
    const drill = own.drill ?? {};
    const drillServer = engine === 'files' ? undefined : settings.drill_servers?.[engine];
    const drillOff = engine === 'files' || drill.disabled === true || defaults.drill?.disabled === true;
    return {
      source,
      schedule: own.schedule ?? defaults.schedule ?? DEFAULT_SCHEDULE,
      retention: {
        daily: own.retention?.daily ?? defaults.retention?.daily ?? DEFAULT_RETENTION.daily,
        weekly: own.retention?.weekly ?? defaults.retention?.weekly ?? DEFAULT_RETENTION.weekly,
        monthly: own.retention?.monthly ?? defaults.retention?.monthly ?? DEFAULT_RETENTION.monthly,
        yearly: own.retention?.yearly ?? defaults.retention?.yearly ?? DEFAULT_RETENTION.yearly,
      },
      destinations: own.destinations ?? defaults.destinations ?? declared.slice(0, 1).map((d) => d.id),
      rpoTargetSeconds: own.rpo_target ?? defaults.rpo_target ?? DEFAULT_RPO_TARGET_SECONDS,
      drill: drillOff
        ? null
        : {
            schedule: drill.schedule ?? defaults.drill?.schedule ?? DEFAULT_DRILL_SCHEDULE,
            query: drill.query,
            server: drillServer,
          },
      globals: own.globals ?? true,
    };
  };

  const consider = (object: InventoryObjectInput, source: string): ObjectBackupSettings | undefined => {
    const parsed = objectBackupSchema.safeParse(object.spec.backup ?? {});
    const own = parsed.success ? parsed.data : {};
    if (own.disabled === true) {
      disabled.push({ source, reason: own.reason ?? 'turned off in the inventory, without a reason' });
      return undefined;
    }
    return own;
  };

  for (const database of objects.filter((o) => o.kind === 'database')) {
    const source = `database:${database.key}`;
    const own = consider(database, source);
    if (own === undefined) continue;
    const engine: BackupSourceKind = database.spec.engine === 'mariadb' ? 'mariadb' : 'postgresql';
    const serverId = typeof database.spec.server === 'string' ? database.spec.server : undefined;
    const server = serverId === undefined ? undefined : topology.get('service', serverId);
    const host = topology.hostOf(database);
    const address = host === undefined ? undefined : reachAddressOf(host);
    const account = serverId === undefined ? undefined : settings.accounts?.[serverId];
    let endpoint: DatabaseEndpoint | undefined;
    if (serverId === undefined || server === undefined || host === undefined || address === undefined) {
      problems.set(source, `the server of ${database.key} or its host's address is not in the inventory`);
    } else if (account === undefined) {
      problems.set(
        source,
        `no backup account on ${serverId}: add backup.accounts.${serverId} to the inventory`,
      );
    } else {
      endpoint = {
        server: serverId,
        host: host.key,
        address,
        port: tcpPort(server) ?? (engine === 'mariadb' ? 3306 : 5432),
        database: typeof database.spec.name === 'string' ? database.spec.name : database.key,
        user: account.user,
        passwordSecret: account.password_secret,
      };
    }
    sources.push({
      ...shared(source, own, engine),
      kind: engine,
      object: { kind: 'database', id: database.key, name: database.key },
      host: host?.key ?? '',
      endpoint,
    });
  }

  for (const website of objects.filter((o) => o.kind === 'website')) {
    const source = `files:website-${website.key}`;
    const own = consider(website, source);
    if (own === undefined) continue;
    const host = topology.hostOf(website);
    const root = typeof website.spec.document_root === 'string' ? website.spec.document_root : undefined;
    const paths = own.paths ?? (root === undefined ? [] : [root]);
    if (paths.length === 0)
      problems.set(source, `the website ${website.key} has no document_root and no backup.paths`);
    if (host === undefined) problems.set(source, `the website ${website.key} has no host in the inventory`);
    sources.push({
      ...shared(source, own, 'files'),
      kind: 'files',
      object: {
        kind: 'website',
        id: website.key,
        name: typeof website.spec.name === 'string' ? website.spec.name : website.key,
      },
      host: host?.key ?? '',
      paths,
      exclude: own.exclude,
      sudo: own.sudo,
    });
  }

  for (const vm of objects.filter((o) => o.kind === 'vm' && o.spec.backup !== undefined)) {
    const source = `files:vm-${vm.key}`;
    const own = consider(vm, source);
    if (own === undefined) continue;
    if (own.paths === undefined) problems.set(source, `the VM ${vm.key} has a backup block without paths`);
    sources.push({
      ...shared(source, own, 'files'),
      kind: 'files',
      object: { kind: 'vm', id: vm.key, name: vm.key },
      host: vm.key,
      paths: own.paths ?? [],
      exclude: own.exclude,
      sudo: own.sudo,
    });
  }

  for (const policy of sources) {
    const unknown = policy.destinations.filter((id) => !declared.some((d) => d.id === id));
    if (policy.destinations.length === 0) problems.set(policy.source, 'no backup destination is declared');
    else if (unknown.length > 0) problems.set(policy.source, `unknown destination ${unknown.join(', ')}`);
  }

  return {
    timeZone: settings.time_zone ?? DEFAULT_TIME_ZONE,
    destinations: declared,
    sources,
    disabled,
    problems,
    drillServers: settings.drill_servers ?? {},
    accounts: settings.accounts,
    workDir: settings.work_dir,
  };
}

function tcpPort(service: InventoryObjectInput): number | undefined {
  const ports = Array.isArray(service.spec.ports) ? service.spec.ports : [];
  for (const entry of ports) {
    if (typeof entry === 'number') return entry;
    const port = (entry as { port?: unknown; protocol?: unknown }).port;
    if (typeof port === 'number' && (entry as { protocol?: unknown }).protocol !== 'udp') return port;
  }
  return undefined;
}
