/** Parses the entries of the outbound allowlist (networks, addresses, host names, `*.suffix` wildcards). */
import net from 'node:net';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { AppError } from '../errors/app-error.js';
import { DEFAULT_LAB_DIR, LAB_ENTRY, LAB_OUTBOUND_PREFIX, labUpMarkerFile } from './lab-marker.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

export interface OutboundRules {
  /** Networks as [base, prefix length]; IPv4-mapped IPv6 networks are stored as IPv4. */
  readonly networks: readonly (readonly [IpAddress, number])[];
  /** Exact host names, lower case, without a trailing dot. */
  readonly names: ReadonlySet<string>;
  /** Wildcard suffixes with their leading dot: `*.example.org` → `.example.org`. */
  readonly suffixes: readonly string[];
  /** Marker files of `lab` entries: the lab prefix is allowed while one of them exists. */
  readonly labMarkers: readonly string[];
}

const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** Reads every entry; throws one CONFIG_INVALID error naming each malformed one. */
export function parseOutboundEntries(entries: readonly string[]): OutboundRules {
  const networks: (readonly [IpAddress, number])[] = [];
  const names = new Set<string>();
  const suffixes: string[] = [];
  const labMarkers: string[] = [];
  const problems: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    const problem = parseEntry(entry, { networks, names, suffixes, labMarkers });
    if (problem !== undefined) problems.push(`'${raw}' ${problem}`);
  }
  if (problems.length > 0) {
    throw new AppError(
      'CONFIG_INVALID',
      `Invalid VIGIE_OUTBOUND_ALLOW entries:\n  ${problems.join('\n  ')}`,
      {
        hint: `Each entry is a network (10.1.2.0/24, 2001:db8::/48), one address, a host name, *.domain, or ${LAB_ENTRY} (the rack lab while it is up).`,
        details: problems,
      },
    );
  }
  return { networks, names, suffixes, labMarkers };
}

/** The problem with one entry, or undefined when it is valid. */
export function outboundEntryProblem(entry: string): string | undefined {
  return parseEntry(entry.trim(), { networks: [], names: new Set(), suffixes: [], labMarkers: [] });
}

/** The lab network as [base, prefix length], for matching. */
export const LAB_NETWORK: readonly [IpAddress, number] = ipaddr.parseCIDR(LAB_OUTBOUND_PREFIX);

interface MutableRules {
  networks: (readonly [IpAddress, number])[];
  names: Set<string>;
  suffixes: string[];
  labMarkers: string[];
}

function parseEntry(entry: string, into: MutableRules): string | undefined {
  if (entry === '') return 'is empty';
  if (entry === LAB_ENTRY) {
    into.labMarkers.push(labUpMarkerFile(DEFAULT_LAB_DIR));
    return undefined;
  }
  if (entry.startsWith(`${LAB_ENTRY}:`)) {
    const marker = entry.slice(LAB_ENTRY.length + 1);
    if (!path.isAbsolute(marker)) {
      return `is not a valid lab entry: expected ${LAB_ENTRY}:/absolute/path/of/the/lab-up/marker (e.g. ${LAB_ENTRY}:${labUpMarkerFile(DEFAULT_LAB_DIR)}), or ${LAB_ENTRY} alone`;
    }
    into.labMarkers.push(path.normalize(marker));
    return undefined;
  }
  const slash = entry.indexOf('/');
  if (slash !== -1) return parseNetwork(entry.slice(0, slash), entry.slice(slash + 1), into);
  const literal = stripBrackets(entry);
  if (net.isIP(literal) !== 0) {
    const address = normalizeAddress(literal);
    into.networks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    return undefined;
  }
  if (/^[^:]+:\d+$/.test(entry)) return 'has a port: entries name hosts or networks, every port is allowed';
  if (/^[0-9.]+$/.test(entry) || entry.includes(':')) return 'is not a valid IP address';
  if (entry.startsWith('*.')) {
    const suffix = normalizeHostName(entry.slice(2));
    if (!isHostName(suffix)) return 'is not a valid wildcard: expected *.domain.example';
    into.suffixes.push(`.${suffix}`);
    return undefined;
  }
  if (entry.includes('*')) return 'has a wildcard that is not a leading "*.": expected *.domain.example';
  const name = normalizeHostName(entry);
  if (!isHostName(name)) return 'is not a valid host name, address or network';
  into.names.add(name);
  return undefined;
}

function parseNetwork(base: string, prefixText: string, into: MutableRules): string | undefined {
  const family = net.isIP(base);
  if (family === 0) return 'is not a valid network: the part before "/" is not an IP address';
  const maxPrefix = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
    return `is not a valid network: the prefix length must be 0 to ${maxPrefix}`;
  }
  let address: IpAddress = ipaddr.parse(base);
  let prefix = Number(prefixText);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
    // ::ffff:10.0.0.0/104 is the IPv4 network 10.0.0.0/8: match it as such.
    address = (address as ipaddr.IPv6).toIPv4Address();
    prefix -= 96;
  }
  const network = ipaddr.parse(networkAddressOf(address, prefix));
  if (network.toString() !== address.toString()) {
    return `has bits set after the prefix: did you mean ${network.toString()}/${prefix} (a network) or ${address.toString()} (one address)?`;
  }
  into.networks.push([address, prefix]);
  return undefined;
}

function networkAddressOf(address: IpAddress, prefix: number): string {
  return address.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`).toString()
    : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${prefix}`).toString();
}

/**
 * Parses an address for matching. IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) become IPv4, so
 * that they are judged by the IPv4 rules and cannot slip through an IPv6 network such as `::/0`.
 */
export function normalizeAddress(literal: string): IpAddress {
  const address = ipaddr.parse(literal);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return (address as ipaddr.IPv6).toIPv4Address();
  }
  return address;
}

/** `[::1]` → `::1`, as host names appear in URLs. */
export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Lower case without the trailing dot of a fully qualified name. */
export function normalizeHostName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function isHostName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => LABEL.test(label));
}
