/**
 * The outbound allowlist every connection Vigie opens goes through: probes, SSH, database
 * connections, notifiers and webhooks. A destination is allowed by its name, or when every address
 * it resolves to lies in an allowed network (or in the rack lab's, while the lab is up); anything
 * else is refused before a packet is sent.
 */
import dns from 'node:dns';
import net from 'node:net';
import { AppError } from '../errors/app-error.js';
import { LAB_ENTRY, LAB_OUTBOUND_PREFIX, labIsUp } from './lab-marker.js';
import {
  type IpAddress,
  LAB_NETWORK,
  normalizeAddress,
  normalizeHostName,
  type OutboundRules,
  parseOutboundEntries,
  stripBrackets,
} from './outbound-entry.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a name to all its addresses (node:dns `lookup` with `all: true` by default). */
export type ResolveAll = (host: string) => Promise<readonly ResolvedAddress[]>;

export interface OutboundPolicy {
  /** The entries the policy was built from, for messages. */
  readonly entries: readonly string[];
  /** Whether `ip` (v4, v6, or IPv4-mapped v6) lies in an allowed network. */
  allowsAddress(ip: string): boolean;
  /** Whether `host` is allowed by name (exactly, or under a `*.suffix` wildcard). */
  allowsHostName(host: string): boolean;
  /** Throws OUTBOUND_REFUSED unless `ip` lies in an allowed network. */
  checkAddress(ip: string, purpose?: string): void;
  /**
   * The addresses to connect to for `host` (a name or an IP literal, brackets allowed), or
   * OUTBOUND_REFUSED naming the host, the refused address and the purpose, e.g. `webhook https://x`.
   */
  resolve(host: string, purpose: string): Promise<readonly ResolvedAddress[]>;
}

export interface OutboundPolicyOptions {
  /** Replaces DNS, for tests of names that the system resolver does not know. */
  readonly resolveAll?: ResolveAll;
}

/** Builds the policy from `config.outboundAllow`; a malformed entry is a CONFIG_INVALID error naming it. */
export function createOutboundPolicy(
  allow: readonly string[],
  options: OutboundPolicyOptions = {},
): OutboundPolicy {
  const rules = parseOutboundEntries(allow);
  const entries = Object.freeze([...allow]);
  const resolveAll = options.resolveAll ?? systemResolveAll;
  const allowsAddress = (ip: string): boolean => addressAllowed(rules, ip);
  const allowsHostName = (host: string): boolean => hostNameAllowed(rules, host);

  const checkAddress = (ip: string, purpose = 'outbound connection'): void => {
    if (!allowsAddress(ip))
      throw refused({ host: ip, addresses: [ip], refusedAddresses: [ip], purpose, entries, rules });
  };

  const resolve = async (rawHost: string, purpose: string): Promise<readonly ResolvedAddress[]> => {
    const host = stripBrackets(rawHost);
    const family = net.isIP(host);
    if (family !== 0) {
      checkAddress(host, purpose);
      return [{ address: host, family: family as 4 | 6 }];
    }
    const addresses = await resolveOrExplain(resolveAll, host, purpose);
    if (allowsHostName(host)) return addresses;
    const refusedAddresses = addresses.map((a) => a.address).filter((address) => !allowsAddress(address));
    if (refusedAddresses.length > 0) {
      throw refused({
        host,
        addresses: addresses.map((a) => a.address),
        refusedAddresses,
        purpose,
        entries,
        rules,
      });
    }
    return addresses;
  };

  return Object.freeze({ entries, allowsAddress, allowsHostName, checkAddress, resolve });
}

function addressAllowed(rules: OutboundRules, ip: string): boolean {
  const address = parsedAddress(ip);
  if (address === undefined) return false;
  if (rules.networks.some(([base, prefix]) => inNetwork(address, base, prefix))) return true;
  // Checked at each connection, not once at start: the lab comes up and goes down under a running Vigie.
  return inLab(address) && rules.labMarkers.some(labIsUp);
}

function parsedAddress(ip: string): IpAddress | undefined {
  const literal = stripBrackets(ip);
  return net.isIP(literal) === 0 ? undefined : normalizeAddress(literal);
}

function inNetwork(address: IpAddress, base: IpAddress, prefix: number): boolean {
  return base.kind() === address.kind() && address.match(base, prefix);
}

function inLab(address: IpAddress): boolean {
  return inNetwork(address, LAB_NETWORK[0], LAB_NETWORK[1]);
}

function hostNameAllowed(rules: OutboundRules, host: string): boolean {
  const name = normalizeHostName(stripBrackets(host));
  if (net.isIP(name) !== 0) return false;
  return rules.names.has(name) || rules.suffixes.some((suffix) => name.endsWith(suffix));
}

async function systemResolveAll(host: string): Promise<readonly ResolvedAddress[]> {
  const found = await dns.promises.lookup(host, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
}

async function resolveOrExplain(
  resolveAll: ResolveAll,
  host: string,
  purpose: string,
): Promise<readonly ResolvedAddress[]> {
  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await resolveAll(host);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new AppError('NOT_FOUND', `Cannot resolve ${host} (${purpose}): ${code}`, {
      hint: 'Check the host name, and that this machine can reach its DNS server.',
      details: { host, purpose, dnsCode: code },
      cause,
    });
  }
  if (addresses.length === 0) {
    throw new AppError('NOT_FOUND', `Cannot resolve ${host} (${purpose}): no address`, {
      hint: 'Check the host name.',
      details: { host, purpose },
    });
  }
  return addresses;
}

interface RefusalInput {
  readonly host: string;
  readonly addresses: readonly string[];
  readonly refusedAddresses: readonly string[];
  readonly purpose: string;
  readonly entries: readonly string[];
  readonly rules: OutboundRules;
}

function refused(input: RefusalInput): AppError {
  const { host, refusedAddresses, purpose, rules } = input;
  const first = refusedAddresses[0] ?? host;
  const destination = host === first ? host : `${host} (resolves to ${refusedAddresses.join(', ')})`;
  const suggestion = host === first ? first : `${host} or ${first}`;
  const details = { host, addresses: input.addresses, refusedAddresses, purpose, allowed: input.entries };
  const firstAddress = parsedAddress(first);
  const labAddress = firstAddress !== undefined && inLab(firstAddress);
  if (labAddress && rules.labMarkers.length > 0) {
    return new AppError(
      'OUTBOUND_REFUSED',
      `Outbound connection to ${destination} refused for ${purpose}: the rack lab is down (npm run lab:up)`,
      {
        hint: `The ${LAB_ENTRY} entry of VIGIE_OUTBOUND_ALLOW admits ${LAB_OUTBOUND_PREFIX} only while the lab is up, that is while ${rules.labMarkers.join(' or ')} exists; start it with npm run lab:up (as root).`,
        details: { ...details, labMarkers: rules.labMarkers },
      },
    );
  }
  const labHint = labAddress
    ? ` ${LAB_OUTBOUND_PREFIX} is the rack lab's range: add ${LAB_ENTRY} to reach it while the lab is up.`
    : '';
  return new AppError(
    'OUTBOUND_REFUSED',
    `Outbound connection to ${destination} refused for ${purpose}: ${first} is outside the outbound allowlist`,
    {
      hint: `If Vigie should reach it, add it to VIGIE_OUTBOUND_ALLOW (e.g. ${suggestion}); allowed now: ${input.entries.join(', ') || '(nothing)'}.${labHint}`,
      details,
    },
  );
}
