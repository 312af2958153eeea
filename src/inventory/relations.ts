/** Which fields of an object refer to other objects: read by reference checks and by object pages. */
import type { ObjectKind, ObjectRelation } from './model.js';
import { WEB_SERVER_KINDS } from './schema/service.js';

type Spec = Readonly<Record<string, unknown>>;
type Path = readonly (string | number)[];

/** One reference held by an object: the id it names and where, inside the object, it is written. */
export interface ReferenceValue {
  readonly key: string;
  readonly path: Path;
}

/** A field that refers to objects of `targets`, possibly with a narrower requirement. */
export interface ReferenceField {
  /** Relation name shown on object pages: `hypervisor`, `interfaces.network`, `access.websites`. */
  readonly relation: string;
  /** Kinds the id may name; several for hosts (a VM or a device). */
  readonly targets: readonly ObjectKind[];
  /** How messages name what the field expects: `hypervisor`, plural `hypervisors`. */
  readonly noun: string;
  readonly nouns: string;
  /** Every id the field holds in `spec`. */
  readonly values: (spec: Spec) => ReferenceValue[];
  /** A narrower requirement on the target, e.g. a device of type hypervisor. */
  readonly requirement?: {
    readonly accepts: (target: Spec, source: Spec) => boolean;
    /** Why a target is refused, e.g. `it is a switch`. */
    readonly refusal: (target: Spec, source: Spec) => string;
  };
}

function single(field: string): (spec: Spec) => ReferenceValue[] {
  return (spec) => (typeof spec[field] === 'string' ? [{ key: spec[field], path: [field] }] : []);
}

function list(...fields: readonly string[]): (spec: Spec) => ReferenceValue[] {
  return (spec) => {
    const parentPath = fields.slice(0, -1);
    let holder: unknown = spec;
    for (const field of parentPath) holder = isRecord(holder) ? holder[field] : undefined;
    const items = isRecord(holder) ? holder[fields.at(-1) ?? ''] : undefined;
    if (!Array.isArray(items)) return [];
    return items.flatMap((item: unknown, index) =>
      typeof item === 'string' ? [{ key: item, path: [...fields, index] }] : [],
    );
  };
}

function nested(listField: string, field: string): (spec: Spec) => ReferenceValue[] {
  return (spec) => {
    const items = spec[listField];
    if (!Array.isArray(items)) return [];
    return items.flatMap((item: unknown, index) =>
      isRecord(item) && typeof item[field] === 'string'
        ? [{ key: item[field], path: [listField, index, field] }]
        : [],
    );
  };
}

/** `a switch`, `an openssh`: the article English wants before a word. */
function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const networkOfInterface = (listField: string): ReferenceField => ({
  relation: 'interfaces.network',
  targets: ['network'],
  noun: 'network',
  nouns: 'networks',
  values: nested(listField, 'network'),
});

const host: ReferenceField = {
  relation: 'host',
  targets: ['vm', 'device'],
  noun: 'host',
  nouns: 'hosts (VMs and devices)',
  values: single('host'),
};

/** The reference fields of each kind. */
export const REFERENCE_FIELDS: Readonly<Record<ObjectKind, readonly ReferenceField[]>> = {
  customer: [],
  provider: [],
  contract: [
    {
      relation: 'customer',
      targets: ['customer'],
      noun: 'customer',
      nouns: 'customers',
      values: single('customer'),
    },
    {
      relation: 'provider',
      targets: ['provider'],
      noun: 'provider',
      nouns: 'providers',
      values: single('provider'),
    },
  ],
  site: [],
  rack: [
    { relation: 'site', targets: ['site'], noun: 'site', nouns: 'sites', values: single('site') },
    {
      relation: 'uplink.device',
      targets: ['device'],
      noun: 'device',
      nouns: 'devices',
      values: (spec) =>
        isRecord(spec.uplink)
          ? single('device')(spec.uplink).map(({ key }) => ({ key, path: ['uplink', 'device'] }))
          : [],
    },
  ],
  device: [
    { relation: 'rack', targets: ['rack'], noun: 'rack', nouns: 'racks', values: single('rack') },
    networkOfInterface('interfaces'),
  ],
  network: [{ relation: 'site', targets: ['site'], noun: 'site', nouns: 'sites', values: single('site') }],
  vm: [
    {
      relation: 'hypervisor',
      targets: ['device'],
      noun: 'hypervisor',
      nouns: 'hypervisors',
      values: single('hypervisor'),
      requirement: {
        accepts: (target) => target.type === 'hypervisor',
        refusal: (target) =>
          `it is ${withArticle(String(target.type ?? 'device').replace('_', ' '))}, not a hypervisor`,
      },
    },
    networkOfInterface('interfaces'),
  ],
  service: [host],
  website: [
    host,
    {
      relation: 'service',
      targets: ['service'],
      noun: 'web server service',
      nouns: 'web server services',
      values: single('service'),
      requirement: {
        accepts: (target) => WEB_SERVER_KINDS.includes(target.kind as never),
        refusal: (target) =>
          `it is ${withArticle(String(target.kind))} service, not a web server (${WEB_SERVER_KINDS.join(', ')})`,
      },
    },
    {
      relation: 'databases',
      targets: ['database'],
      noun: 'database',
      nouns: 'databases',
      values: list('databases'),
    },
  ],
  database: [
    {
      relation: 'server',
      targets: ['service'],
      noun: 'database server',
      nouns: 'database servers',
      values: single('server'),
      requirement: {
        accepts: (target, source) => target.kind === source.engine,
        refusal: (target, source) =>
          `it is ${withArticle(String(target.kind))} service while the database's engine is ${String(source.engine)}`,
      },
    },
  ],
  person: [
    {
      relation: 'access.websites',
      targets: ['website'],
      noun: 'website',
      nouns: 'websites',
      values: list('access', 'websites'),
    },
    {
      relation: 'access.databases',
      targets: ['database'],
      noun: 'database',
      nouns: 'databases',
      values: list('access', 'databases'),
    },
  ],
  check_defaults: [],
  alerting: [],
  backup: [
    {
      relation: 'destinations.host',
      targets: ['vm', 'device'],
      noun: 'backup host',
      nouns: 'hosts (VMs and devices)',
      values: nested('destinations', 'host'),
    },
    drillServer('postgresql'),
    drillServer('mariadb'),
    {
      relation: 'accounts',
      targets: ['service'],
      noun: 'database server',
      nouns: 'database servers',
      values: (spec) =>
        isRecord(spec.accounts)
          ? Object.keys(spec.accounts).map((key) => ({ key, path: ['accounts', key] }))
          : [],
      requirement: {
        accepts: (target) => target.kind === 'postgresql' || target.kind === 'mariadb',
        refusal: (target) =>
          `it is ${withArticle(String(target.kind))} service, not a PostgreSQL or MariaDB server`,
      },
    },
  ],
};

/** `backup.drill_servers.<engine>`: a service of that engine. */
function drillServer(engine: 'postgresql' | 'mariadb'): ReferenceField {
  return {
    relation: `drill_servers.${engine}`,
    targets: ['service'],
    noun: `${engine} server`,
    nouns: `${engine} servers`,
    values: (spec) => {
      const servers = spec.drill_servers;
      return isRecord(servers) && typeof servers[engine] === 'string'
        ? [{ key: servers[engine], path: ['drill_servers', engine] }]
        : [];
    },
    requirement: {
      accepts: (target) => target.kind === engine,
      refusal: (target) => `it is ${withArticle(String(target.kind))} service, not a ${engine} server`,
    },
  };
}

/**
 * The outgoing references of an object, deduplicated. A host names a VM or a device: the loader
 * records which in the spec's `host_kind`.
 */
export function relationsOf(kind: ObjectKind, spec: Readonly<Record<string, unknown>>): ObjectRelation[] {
  const relations: ObjectRelation[] = [];
  const seen = new Set<string>();
  for (const field of REFERENCE_FIELDS[kind]) {
    for (const value of field.values(spec)) {
      const targetKind = field.targets.length === 1 ? field.targets[0] : hostKindOf(spec);
      if (targetKind === undefined) continue;
      const id = `${field.relation}\u0000${targetKind}\u0000${value.key}`;
      if (seen.has(id)) continue;
      seen.add(id);
      relations.push({ relation: field.relation, kind: targetKind, key: value.key });
    }
  }
  return relations;
}

function hostKindOf(spec: Spec): ObjectKind | undefined {
  return spec.host_kind === 'vm' || spec.host_kind === 'device' ? spec.host_kind : undefined;
}
