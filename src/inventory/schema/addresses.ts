/** Network and contact addresses in inventory files: IPs, interface addresses, prefixes, domains, e-mail, phone, MAC. */
import ipaddr from 'ipaddr.js';
import { checkedText, type ParseOutcome, parsed, quote, refused } from './common.js';

type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** Parses an IP address strictly: dotted-quad IPv4 (no `127.1` shorthand) or IPv6 without a zone. */
export function ipOf(text: string): IpAddress | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && ipaddr.IPv6.isValid(text) && !text.includes('%')) return ipaddr.IPv6.parse(text);
  return undefined;
}

/** The canonical text of an address: dotted quad, or RFC 5952 for IPv6. */
export function formatIp(address: IpAddress): string {
  return address.kind() === 'ipv6' ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}

/** Parses `address/length`; undefined when either part is invalid. */
export function cidrOf(text: string): { readonly address: IpAddress; readonly length: number } | undefined {
  const slash = text.indexOf('/');
  if (slash === -1 || !/^\d{1,3}$/.test(text.slice(slash + 1))) return undefined;
  const address = ipOf(text.slice(0, slash));
  const length = Number(text.slice(slash + 1));
  if (!address || length > (address.kind() === 'ipv4' ? 32 : 128)) return undefined;
  return { address, length };
}

/** Reads an IP address without prefix length, normalised. */
export function parseIpAddress(text: string): ParseOutcome<string> {
  const address = ipOf(text);
  if (address) return parsed(formatIp(address));
  if (cidrOf(text))
    return refused(`${quote(text)} has a prefix length`, `write the address alone: ${text.split('/')[0]}`);
  return refused(`${quote(text)} is not an IP address`);
}

/** Reads an interface address with its prefix length (`127.20.1.11/24`), normalised. */
export function parseInterfaceAddress(text: string): ParseOutcome<string> {
  const cidr = cidrOf(text);
  if (cidr) return parsed(`${formatIp(cidr.address)}/${cidr.length}`);
  if (ipOf(text))
    return refused(`${quote(text)} has no prefix length`, `add the network's prefix length, e.g. ${text}/24`);
  return refused(`${quote(text)} is not an address with a prefix length`);
}

/** The network address of `address/length`, as text. */
export function networkAddressOf(address: IpAddress, length: number): string {
  const cidr = `${address.toString()}/${length}`;
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
      : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  return formatIp(network);
}

/** Reads a network prefix (`127.20.1.0/24`): the address must be the first of its network. */
export function parseNetworkPrefix(text: string): ParseOutcome<string> {
  const cidr = cidrOf(text);
  if (!cidr) {
    if (ipOf(text)) return refused(`${quote(text)} has no prefix length`, `add it, e.g. ${text}/24`);
    return refused(`${quote(text)} is not a network prefix`);
  }
  const base = networkAddressOf(cidr.address, cidr.length);
  if (base !== formatIp(cidr.address)) {
    return refused(`${quote(text)} has host bits set`, `did you mean ${base}/${cidr.length}?`);
  }
  return parsed(`${base}/${cidr.length}`);
}

/** True when `address` (with or without `/length`) lies inside `prefix`. */
export function isInPrefix(address: string, prefix: string): boolean {
  const ip = ipOf(address.split('/')[0] ?? '');
  const network = cidrOf(prefix);
  if (!ip || !network || ip.kind() !== network.address.kind()) return false;
  return ip.match(network.address, network.length);
}

/** True when two prefixes share at least one address. */
export function prefixesOverlap(first: string, second: string): boolean {
  const a = cidrOf(first);
  const b = cidrOf(second);
  if (!a || !b || a.address.kind() !== b.address.kind()) return false;
  const shorter = Math.min(a.length, b.length);
  return a.address.match(b.address, shorter);
}

/** True when `address` is the network or (IPv4) broadcast address of `prefix`, which no interface may hold. */
export function isReservedInPrefix(address: string, prefix: string): boolean {
  const ip = ipOf(address.split('/')[0] ?? '');
  const network = cidrOf(prefix);
  if (!ip || !network || ip.kind() !== network.address.kind()) return false;
  if (ip.kind() === 'ipv6') return false;
  if (network.length >= 31) return false;
  const cidr = `${network.address.toString()}/${network.length}`;
  const text = formatIp(ip);
  return (
    text === ipaddr.IPv4.networkAddressFromCIDR(cidr).toString() ||
    text === ipaddr.IPv4.broadcastAddressFromCIDR(cidr).toString()
  );
}

/** An IP address such as `127.20.1.1`. */
export const ipAddressSchema = checkedText({
  expected: 'an IP address such as 127.20.1.1',
  description: 'An IPv4 or IPv6 address, without prefix length.',
  examples: ['127.20.1.1'],
  parse: parseIpAddress,
});

/** An interface address with its prefix length, such as `127.20.1.11/24`. */
export const interfaceAddressSchema = checkedText({
  expected: 'an address with its prefix length, such as 127.20.1.11/24',
  description: "An interface address with its network's prefix length, e.g. 127.20.1.11/24.",
  pattern: /^[0-9a-fA-F.:]+\/\d{1,3}$/,
  examples: ['127.20.1.11/24'],
  parse: parseInterfaceAddress,
});

/** A network prefix such as `127.20.1.0/24`. */
export const networkPrefixSchema = checkedText({
  expected: 'a network prefix such as 127.20.1.0/24',
  description: 'A network prefix in CIDR notation, e.g. 127.20.1.0/24.',
  pattern: /^[0-9a-fA-F.:]+\/\d{1,3}$/,
  examples: ['127.20.1.0/24'],
  parse: parseNetworkPrefix,
});

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Reads a domain name (`www.example.test`, or `*.example.test`), lowercased. */
export function parseDomain(text: string): ParseOutcome<string> {
  const domain = text.toLowerCase().replace(/\.$/, '');
  if (/^[a-z]+:\/\//.test(domain)) {
    return refused(
      `${quote(text)} is a URL, not a domain`,
      `write the domain alone: ${domain.replace(/^[a-z]+:\/\/([^/:]+).*$/, '$1')}`,
    );
  }
  const labels = domain.split('.');
  const valid =
    labels.length >= 2 &&
    domain.length <= 253 &&
    labels.every((label, index) => LABEL.test(label) || (index === 0 && label === '*'));
  return valid ? parsed(domain) : refused(`${quote(text)} is not a domain name`);
}

/** A domain name such as `offre-formation.gip-paca.test`. */
export const domainSchema = checkedText({
  expected: 'a domain name such as www.example.test',
  description:
    'A fully qualified domain name, e.g. offre-formation.gip-paca.test; *.example.test for a wildcard.',
  examples: ['www.example.test'],
  parse: parseDomain,
});

/** Reads an e-mail address; the domain is lowercased. */
export function parseEmail(text: string): ParseOutcome<string> {
  const match = /^([^\s@<>]+)@([^\s@<>]+)$/.exec(text.trim());
  if (match && parseDomain(match[2] ?? '').ok) return parsed(`${match[1]}@${(match[2] ?? '').toLowerCase()}`);
  return refused(`${quote(text)} is not an e-mail address`);
}

/** An e-mail address. */
export const emailSchema = checkedText({
  expected: 'an e-mail address such as jane.doe@example.test',
  description: 'An e-mail address.',
  examples: ['jane.doe@example.test'],
  parse: parseEmail,
});

/** Reads a phone number: digits with an optional leading `+`; spaces, dots, dashes and brackets are dropped. */
export function parsePhone(text: string): ParseOutcome<string> {
  const trimmed = text.trim();
  if (!/^\+?[0-9 .\-()]+$/.test(trimmed)) return refused(`${quote(text)} is not a phone number`);
  const compact = trimmed.replace(/[ .\-()]/g, '');
  const digits = compact.replace('+', '').length;
  if (digits < 6 || digits > 15)
    return refused(`${quote(text)} has ${digits} digits`, 'a phone number has 6 to 15 digits');
  return parsed(compact);
}

/** A phone number such as `+33 4 91 00 00 00`, stored without separators. */
export const phoneSchema = checkedText({
  expected: 'a phone number such as +33 4 91 00 00 00',
  description: 'A phone number; international form +33 ... preferred. Stored without spaces.',
  examples: ['+33 4 91 00 00 00'],
  parse: parsePhone,
});

/** Reads a MAC address, stored lowercase with colons. */
export function parseMac(text: string): ParseOutcome<string> {
  if (/^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(text))
    return parsed(text.toLowerCase().replaceAll('-', ':'));
  return refused(`${quote(text)} is not a MAC address`);
}

/** A MAC address such as `52:54:00:12:34:56`. */
export const macSchema = checkedText({
  expected: 'a MAC address such as 52:54:00:12:34:56',
  description: 'A MAC address.',
  pattern: /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/,
  parse: parseMac,
});

/** An absolute path on a host, such as `/var/www/site`. */
export const absolutePathSchema = checkedText({
  expected: 'an absolute path such as /var/www/site',
  description: 'An absolute path on the host.',
  pattern: /^\//,
  parse: (text) =>
    text.startsWith('/')
      ? parsed(text)
      : refused(`${quote(text)} is not an absolute path`, `start it with /`),
});
