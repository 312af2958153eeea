/**
 * The rack-in-a-box as data: the hosts of examples/gip-paca, their namespaces, links, addresses and
 * services inside the lab prefix 198.18.0.0/16 (RFC 2544, never routed on the internet). The lab, its
 * tests and later features read this module instead of copying addresses.
 */
import { AppError } from '../src/errors/app-error.js';

/** Every lab address lies in this prefix; the root namespace routes it only while the lab is up. */
export const LAB_PREFIX = '198.18.0.0/16';

/** Lab namespaces, interfaces and the lab user are all named with this prefix. */
export const LAB_NAME_PREFIX = 'vigie-';

/** The provider side of the uplink: the interface in the root namespace, where Vigie runs. */
export const PROVIDER_UPLINK = {
  interface: 'vigie-wan',
  address: '198.18.0.1',
  prefixLength: 30,
} as const;

/** The system user the lab client key logs in as on every host; it may use sudo without password. */
export const LAB_SSH_USER = 'vigie-lab';

export type LabHostId = 'ecwan' | 'virtualwan03' | 'virtualwan04' | 'db03' | 'host03' | 'host04';

export type LabNetworkId = 'uplink' | 'dmz-web' | 'data' | 'hypervisors';

export interface LabNetwork {
  readonly id: LabNetworkId;
  /** The network in CIDR notation. */
  readonly prefix: string;
  /** ECWAN's address on it (the gateway of its hosts). */
  readonly gateway: string;
  /** The bridge inside ECWAN's namespace that links its hosts (none on the point-to-point uplink). */
  readonly bridge: string | undefined;
}

export const LAB_NETWORKS: readonly LabNetwork[] = [
  { id: 'uplink', prefix: '198.18.0.0/30', gateway: '198.18.0.2', bridge: undefined },
  { id: 'dmz-web', prefix: '198.18.1.0/24', gateway: '198.18.1.1', bridge: 'br-dmz' },
  { id: 'data', prefix: '198.18.2.0/24', gateway: '198.18.2.1', bridge: 'br-data' },
  { id: 'hypervisors', prefix: '198.18.3.0/24', gateway: '198.18.3.1', bridge: 'br-hv' },
];

export interface LabInterface {
  /** Its name inside the host's namespace (as in the inventory: ens18, eno1...). */
  readonly name: string;
  readonly network: LabNetworkId;
  readonly address: string;
  readonly prefixLength: number;
  /** The other end of the veth pair, inside ECWAN's namespace and on the network's bridge. */
  readonly peer: string;
}

export type LabServiceKind = 'openssh' | 'postgresql' | 'mariadb' | 'nginx' | 'php-fpm' | 'nftables';

export interface LabService {
  readonly kind: LabServiceKind;
  /** TCP ports it listens on (none for nftables and php-fpm, which listens on a unix socket). */
  readonly ports: readonly number[];
}

export interface LabHost {
  readonly id: LabHostId;
  readonly namespace: string;
  readonly role: 'edge' | 'hypervisor' | 'database' | 'web';
  /** Its first address: the one Vigie connects to. */
  readonly address: string;
  readonly interfaces: readonly LabInterface[];
  /** Where its traffic leaves its own networks (ECWAN for every host but ECWAN itself). */
  readonly defaultGateway: string | undefined;
  readonly services: readonly LabService[];
}

export interface LabWebsite {
  readonly id: string;
  readonly name: string;
  readonly host: LabHostId;
  readonly domains: readonly string[];
}

export interface LabDatabaseAccount {
  readonly database: string;
  readonly user: string;
  /** A lab-only password: these servers are reachable only inside the lab prefix. */
  readonly password: string;
}

const ssh: LabService = { kind: 'openssh', ports: [22] };
const nginx: LabService = { kind: 'nginx', ports: [80, 443] };
const phpFpm: LabService = { kind: 'php-fpm', ports: [] };

export const LAB_HOSTS: readonly LabHost[] = [
  {
    id: 'ecwan',
    namespace: 'vigie-ecwan',
    role: 'edge',
    address: '198.18.0.2',
    interfaces: [
      { name: 'wan0', network: 'uplink', address: '198.18.0.2', prefixLength: 30, peer: 'vigie-wan' },
    ],
    defaultGateway: undefined,
    services: [ssh, { kind: 'nftables', ports: [] }],
  },
  {
    id: 'virtualwan03',
    namespace: 'vigie-virtualwan03',
    role: 'hypervisor',
    address: '198.18.3.13',
    interfaces: [
      { name: 'eno1', network: 'hypervisors', address: '198.18.3.13', prefixLength: 24, peer: 'vw03-eno1' },
    ],
    defaultGateway: '198.18.3.1',
    services: [ssh],
  },
  {
    id: 'virtualwan04',
    namespace: 'vigie-virtualwan04',
    role: 'hypervisor',
    address: '198.18.3.14',
    interfaces: [
      { name: 'eno1', network: 'hypervisors', address: '198.18.3.14', prefixLength: 24, peer: 'vw04-eno1' },
    ],
    defaultGateway: '198.18.3.1',
    services: [ssh],
  },
  {
    id: 'db03',
    namespace: 'vigie-db03',
    role: 'database',
    address: '198.18.2.13',
    interfaces: [
      { name: 'ens18', network: 'data', address: '198.18.2.13', prefixLength: 24, peer: 'db03-ens18' },
    ],
    defaultGateway: '198.18.2.1',
    services: [ssh, { kind: 'postgresql', ports: [5432] }, { kind: 'mariadb', ports: [3306] }],
  },
  {
    id: 'host03',
    namespace: 'vigie-host03',
    role: 'web',
    address: '198.18.1.13',
    interfaces: [
      { name: 'ens18', network: 'dmz-web', address: '198.18.1.13', prefixLength: 24, peer: 'h03-ens18' },
      { name: 'ens19', network: 'data', address: '198.18.2.23', prefixLength: 24, peer: 'h03-ens19' },
    ],
    defaultGateway: '198.18.1.1',
    services: [ssh, nginx, phpFpm],
  },
  {
    id: 'host04',
    namespace: 'vigie-host04',
    role: 'web',
    address: '198.18.1.14',
    interfaces: [
      { name: 'ens18', network: 'dmz-web', address: '198.18.1.14', prefixLength: 24, peer: 'h04-ens18' },
      { name: 'ens19', network: 'data', address: '198.18.2.24', prefixLength: 24, peer: 'h04-ens19' },
    ],
    defaultGateway: '198.18.1.1',
    services: [ssh, nginx, phpFpm],
  },
];

/** The websites of examples/gip-paca/websites.yaml; a test keeps the two in step. */
export const LAB_WEBSITES: readonly LabWebsite[] = [
  {
    id: 'offre-formation',
    name: 'Offre de formation',
    host: 'host03',
    domains: ['offre-formation.gip-paca.test', 'www.offre-formation.gip-paca.test'],
  },
  {
    id: 'observatoire',
    name: 'Observatoire emploi-formation',
    host: 'host03',
    domains: ['observatoire.gip-paca.test'],
  },
  { id: 'api-open-data', name: 'API open data', host: 'host03', domains: ['api.gip-paca.test'] },
  { id: 'intranet', name: 'Intranet', host: 'host04', domains: ['intranet.gip-paca.test'] },
  { id: 'orientation', name: 'Orientation métiers', host: 'host04', domains: ['orientation.gip-paca.test'] },
  {
    id: 'site-institutionnel',
    name: 'Site institutionnel',
    host: 'host04',
    domains: ['www.gip-paca.test', 'gip-paca.test'],
  },
];

/** The test database and account created once in DB03's PostgreSQL and in its MariaDB. */
export const LAB_DATABASE_ACCOUNT: LabDatabaseAccount = {
  database: 'vigie_lab',
  user: 'vigie_lab',
  password: 'vigie-lab-only',
};

/** The host with this id; throws on an unknown id so a typo in a test fails loudly. */
export function labHost(id: string): LabHost {
  const host = LAB_HOSTS.find((candidate) => candidate.id === id);
  if (!host) {
    throw new AppError('NOT_FOUND', `No lab host "${id}".`, {
      hint: `The lab hosts are ${LAB_HOSTS.map((h) => h.id).join(', ')}.`,
    });
  }
  return host;
}

/** The network with this id. */
export function labNetwork(id: LabNetworkId): LabNetwork {
  const network = LAB_NETWORKS.find((candidate) => candidate.id === id);
  if (!network) throw new AppError('NOT_FOUND', `No lab network "${id}".`);
  return network;
}

/** Whether a host runs a service of this kind. */
export function hostRuns(host: LabHost, kind: LabServiceKind): boolean {
  return host.services.some((service) => service.kind === kind);
}
