/**
 * Address drift: interface addresses the inventory declares that the host does not have, and addresses
 * the host has that the inventory does not declare. Compared by IP and prefix length, not by interface
 * name (names change with drivers, bridges and VLANs while the address stays the same).
 */
import ipaddr from 'ipaddr.js';
import type { AddressFacts, DriftFinding, HostFacts } from '../model.js';
import { type DeclaredHost, hostName, sourceLine } from './drift-inventory.js';

interface DeclaredAddress {
  readonly interface: string;
  /** As declared: `198.18.1.13/24`. */
  readonly address: string;
}

interface ParsedAddress {
  readonly ip: string;
  readonly length: number;
}

/** `198.18.1.13/24` → its canonical IP and prefix length; undefined when it does not parse. */
function parseCidr(text: string): ParsedAddress | undefined {
  const [ip, length] = text.includes('/') ? text.split('/') : [text, undefined];
  if (ip === undefined || !ipaddr.isValid(ip)) return undefined;
  const parsed = ipaddr.parse(ip);
  const canonical = parsed.kind() === 'ipv6' ? (parsed as ipaddr.IPv6).toRFC5952String() : parsed.toString();
  return {
    ip: canonical,
    length: length === undefined ? (parsed.kind() === 'ipv4' ? 32 : 128) : Number(length),
  };
}

/** Whether an observed address is the machine's own business: loopback and IPv6 link-local. */
function isHostLocal(address: AddressFacts): boolean {
  const parsed = parseCidr(address.address);
  if (parsed === undefined) return true;
  const range = ipaddr.parse(parsed.ip).range();
  return range === 'loopback' || range === 'linkLocal';
}

function declaredAddresses(host: DeclaredHost): DeclaredAddress[] {
  const interfaces = (host.spec.interfaces ?? []) as ReadonlyArray<{ name: string; address?: string }>;
  return interfaces.flatMap((entry) =>
    entry.address === undefined ? [] : [{ interface: entry.name, address: entry.address }],
  );
}

export function addressFindings(host: DeclaredHost, facts: HostFacts): DriftFinding[] {
  const at = sourceLine(host.source);
  const observed = facts.addresses
    .filter((address) => !isHostLocal(address))
    .map((address) => ({ facts: address, parsed: parseCidr(address.address) }));
  const declared = declaredAddresses(host).map((entry) => ({ entry, parsed: parseCidr(entry.address) }));
  const findings: DriftFinding[] = [];
  for (const { entry, parsed } of declared) {
    if (parsed === undefined) continue;
    const same = observed.find((o) => o.parsed?.ip === parsed.ip);
    if (same !== undefined && same.parsed?.length === parsed.length) continue;
    const message =
      same === undefined
        ? `${hostName(host)} does not have ${entry.address}, declared on ${entry.interface}.`
        : `${hostName(host)} has ${same.facts.address} on ${same.facts.interface}, the inventory declares ${entry.address} on ${entry.interface}: the prefix lengths differ.`;
    findings.push({
      host: host.key,
      kind: 'address_missing',
      severity: 'warning',
      object: { kind: host.kind, key: host.key },
      message,
      action: `Configure ${entry.address} on ${host.key} (${entry.interface}), or fix interfaces: of ${host.key} in ${at}.`,
      details: {
        address: entry.address,
        interface: entry.interface,
        observed: same?.facts.address ?? null,
        source: host.source,
      },
    });
  }
  const declaredIps = new Set(declared.map((d) => d.parsed?.ip));
  const management = host.kind === 'device' ? host.spec.management_address : undefined;
  if (management !== undefined) declaredIps.add(parseCidr(management)?.ip);
  for (const { facts: address, parsed } of observed) {
    if (parsed === undefined || declaredIps.has(parsed.ip)) continue;
    findings.push({
      host: host.key,
      kind: 'undeclared_address',
      // IPv6 hosts may take addresses by themselves (SLAAC, privacy addresses): worth knowing, not alarming.
      severity: address.family === 'inet6' ? 'info' : 'warning',
      object: { kind: host.kind, key: host.key },
      message: `${hostName(host)} has ${address.address} on ${address.interface}, which the inventory does not declare.`,
      action: `Declare ${address.address} on an interface of ${host.key} in ${at}, or remove it from ${address.interface} on the host.`,
      details: {
        address: address.address,
        interface: address.interface,
        family: address.family,
        source: host.source,
      },
    });
  }
  return findings;
}
