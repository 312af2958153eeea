/** Parsers of the network sections: addresses (`ip -j addr`, or `ip -o addr` on old iproute2) and `ss -tuln[p]`. */
import type { AddressFacts, ListeningSocket } from '../model.js';
import { parseLines, quoteLine, SectionUnreadable, wholeNumber } from './split-sections.js';

/** Loopback (`host`) and link-local (`link`) addresses say nothing about where the host is reachable. */
const KEPT_SCOPES = new Set(['global', 'site']);

interface IpJsonInterface {
  readonly ifname?: unknown;
  readonly addr_info?: unknown;
}

interface IpJsonAddress {
  readonly family?: unknown;
  readonly local?: unknown;
  readonly prefixlen?: unknown;
  readonly scope?: unknown;
}

/** The host's global addresses, each with its interface and prefix length. */
export function parseAddresses(text: string): {
  readonly addresses: AddressFacts[];
  readonly problem: string | undefined;
} {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return { addresses: parseIpJson(trimmed), problem: undefined };
  const { items, problem } = parseLines(text, (line): AddressFacts | undefined | 'unreadable' => {
    // `2: ens18    inet 198.18.1.13/24 brd 198.18.1.255 scope global ens18\       valid_lft forever ...`
    const match = /^\d+:\s+(\S+)\s+(inet6?)\s+(\S+)\s.*\bscope (\S+)/.exec(line);
    if (match?.[1] === undefined || match[3] === undefined || match[4] === undefined) return 'unreadable';
    if (!KEPT_SCOPES.has(match[4])) return undefined;
    return { interface: match[1], address: match[3], family: match[2] === 'inet6' ? 'inet6' : 'inet' };
  });
  if (items.length === 0 && problem !== undefined) throw new SectionUnreadable(problem);
  return { addresses: items, problem };
}

function parseIpJson(text: string): AddressFacts[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new SectionUnreadable(`ip -j addr printed invalid JSON (${(cause as Error).message})`);
  }
  if (!Array.isArray(parsed)) throw new SectionUnreadable('ip -j addr printed JSON that is not a list');
  const addresses: AddressFacts[] = [];
  for (const entry of parsed as IpJsonInterface[]) {
    if (typeof entry?.ifname !== 'string' || !Array.isArray(entry.addr_info)) continue;
    for (const info of entry.addr_info as IpJsonAddress[]) {
      const { family, local, prefixlen, scope } = info ?? {};
      if (family !== 'inet' && family !== 'inet6') continue;
      if (typeof local !== 'string' || typeof prefixlen !== 'number') continue;
      if (typeof scope === 'string' && !KEPT_SCOPES.has(scope)) continue;
      addresses.push({ interface: entry.ifname, address: `${local}/${prefixlen}`, family });
    }
  }
  return addresses;
}

/**
 * Listening TCP sockets and bound UDP sockets from `ss -tuln` (`-p` adds `users:(("nginx",pid=1,fd=6))`),
 * one per protocol, address and port.
 */
export function parseListening(text: string): {
  readonly listening: ListeningSocket[];
  readonly problem: string | undefined;
} {
  const { items, problem } = parseLines(text, (line): ListeningSocket | undefined | 'unreadable' => {
    if (/^Netid\s/.test(line)) return undefined;
    const fields = line.trim().split(/\s+/);
    const [netid, , recvQ, sendQ, local, peer] = fields;
    if (netid !== 'tcp' && netid !== 'udp') return 'unreadable';
    if (wholeNumber(recvQ) === undefined || wholeNumber(sendQ) === undefined || peer === undefined)
      return 'unreadable';
    const endpoint = splitEndpoint(local ?? '');
    if (endpoint === undefined) return 'unreadable';
    const owner = /users:\(\("((?:[^"\\]|\\.)*)",pid=(\d+)/.exec(fields.slice(6).join(' '));
    return {
      protocol: netid,
      address: endpoint.address,
      port: endpoint.port,
      process: owner?.[1],
      pid: wholeNumber(owner?.[2]),
    };
  });
  if (items.length === 0 && problem !== undefined) throw new SectionUnreadable(problem);
  const unique = new Map<string, ListeningSocket>();
  for (const socket of items) {
    const key = `${socket.protocol} ${socket.address} ${socket.port}`;
    if (!unique.has(key)) unique.set(key, socket);
  }
  const listening = [...unique.values()].sort(
    (a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol) || a.address.localeCompare(b.address),
  );
  return { listening, problem };
}

/** `0.0.0.0:22`, `[::]:443`, `*:22`, `127.0.0.53%lo:53` → address without brackets or zone, and the port. */
function splitEndpoint(local: string): { readonly address: string; readonly port: number } | undefined {
  const colon = local.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = wholeNumber(local.slice(colon + 1));
  if (port === undefined || port > 65535) return undefined;
  const address = local
    .slice(0, colon)
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '');
  if (!/^(\*|[0-9a-fA-F.:]+)$/.test(address)) return undefined;
  return { address, port };
}

/** For messages: what `ss` said when it failed. */
export function describeSsFailure(stderr: string): string {
  return stderr === '' ? 'ss failed without a message' : `ss failed: ${quoteLine(stderr)}`;
}
