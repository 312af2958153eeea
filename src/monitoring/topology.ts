/**
 * Where things sit, read from the inventory: the host of every object, the address to reach a host at,
 * and the hosts a host depends on. A VM depends on its hypervisor; any host depends on the firewall or
 * router that is the gateway of its networks: a network's `gateway` address that is one of a
 * firewall's (or router's) interface or management addresses puts every host of that network behind
 * it. That is how the inventory says that Host03 sits behind ECWAN.
 */
import { isInPrefix } from '../inventory/schema/addresses.js';

export interface InventoryObjectInput {
  readonly kind: string;
  readonly key: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly source: string;
}

const GATEWAY_DEVICE_TYPES = new Set(['firewall', 'router']);

export class Topology {
  readonly #byId = new Map<string, InventoryObjectInput>();

  constructor(objects: readonly InventoryObjectInput[]) {
    for (const object of objects) this.#byId.set(`${object.kind}/${object.key}`, object);
  }

  get(kind: string, key: string): InventoryObjectInput | undefined {
    return this.#byId.get(`${kind}/${key}`);
  }

  /** The host object (`vm/host03`, `device/ecwan`) an object runs on; a host is its own. */
  hostOf(object: InventoryObjectInput): InventoryObjectInput | undefined {
    if (object.kind === 'vm' || object.kind === 'device') return object;
    if (object.kind === 'website' || object.kind === 'service') return this.#hostNamed(object.spec);
    if (object.kind === 'database') {
      const server =
        typeof object.spec.server === 'string' ? this.get('service', object.spec.server) : undefined;
      return server === undefined ? undefined : this.#hostNamed(server.spec);
    }
    return undefined;
  }

  /** Hosts `host` depends on: its hypervisor, and the gateway devices of its networks (never itself). */
  parentHostsOf(host: InventoryObjectInput): InventoryObjectInput[] {
    const parents: InventoryObjectInput[] = [];
    const add = (candidate: InventoryObjectInput | undefined): void => {
      if (candidate !== undefined && candidate !== host && !parents.includes(candidate))
        parents.push(candidate);
    };
    if (host.kind === 'vm' && typeof host.spec.hypervisor === 'string') {
      add(this.get('device', host.spec.hypervisor));
    }
    for (const address of addressesOf(host)) add(this.#gatewayDeviceFor(address));
    return parents;
  }

  /** Services of `kind` declared on host `hostKey`. */
  servicesOn(hostKey: string, kind: string): InventoryObjectInput[] {
    return [...this.#byId.values()].filter(
      (object) => object.kind === 'service' && object.spec.host === hostKey && object.spec.kind === kind,
    );
  }

  #hostNamed(spec: Readonly<Record<string, unknown>>): InventoryObjectInput | undefined {
    if (typeof spec.host !== 'string') return undefined;
    const kinds = spec.host_kind === 'device' ? ['device', 'vm'] : ['vm', 'device'];
    for (const kind of kinds) {
      const found = this.get(kind, spec.host);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  #gatewayDeviceFor(address: string): InventoryObjectInput | undefined {
    for (const network of this.#byId.values()) {
      if (network.kind !== 'network') continue;
      const { prefix, gateway } = network.spec;
      if (typeof prefix !== 'string' || typeof gateway !== 'string' || !isInPrefix(address, prefix)) continue;
      for (const device of this.#byId.values()) {
        if (device.kind !== 'device' || !GATEWAY_DEVICE_TYPES.has(String(device.spec.type))) continue;
        if (addressesOf(device).includes(gateway)) return device;
      }
    }
    return undefined;
  }
}

/** Every address of a host, without prefix lengths: its interfaces', then its management address. */
export function addressesOf(host: InventoryObjectInput): string[] {
  const interfaces = Array.isArray(host.spec.interfaces) ? host.spec.interfaces : [];
  const addresses = interfaces.flatMap((entry: unknown) => {
    const address = (entry as { address?: unknown } | null)?.address;
    return typeof address === 'string' ? [address.split('/')[0] ?? address] : [];
  });
  const management = host.spec.management_address;
  if (typeof management === 'string') addresses.push(management);
  return addresses;
}

/**
 * The address checks reach a host at: `ssh.address`, else its first interface address, else its
 * management address (the rule the SSH runner follows too).
 */
export function reachAddressOf(host: InventoryObjectInput): string | undefined {
  const ssh = host.spec.ssh as { address?: unknown } | undefined;
  if (typeof ssh?.address === 'string') return ssh.address;
  return addressesOf(host)[0];
}

/** The object's name for people: its `name`, else its id. */
export function displayNameOf(object: InventoryObjectInput): string {
  return typeof object.spec.name === 'string' && object.spec.name !== '' ? object.spec.name : object.key;
}

/** Its own tags and its host's, sorted, without duplicates. */
export function tagsOf(object: InventoryObjectInput, host: InventoryObjectInput | undefined): string[] {
  const read = (o: InventoryObjectInput | undefined): string[] =>
    Array.isArray(o?.spec.tags) ? o.spec.tags.filter((tag): tag is string => typeof tag === 'string') : [];
  return [...new Set([...read(object), ...read(host)])].sort();
}
