/**
 * Which listening sockets count for drift: those other machines can reach. Loopback-only listeners
 * (a local mail relay on 127.0.0.1:25, chrony's 127.0.0.1:323) are left out, and the few sockets the
 * system keeps as a client (the DHCP client) are not services.
 */
import ipaddr from 'ipaddr.js';
import type { ListeningSocket } from '../model.js';

/** Where a socket listens: on every address, on loopback only, on link-local only, or on given addresses. */
export type ListenerScope = 'all' | 'loopback' | 'link-local' | 'specific';

/** Client sockets of the system that `ss -l` lists like listeners: the DHCP clients. */
export const SYSTEM_CLIENT_PORTS: readonly {
  readonly protocol: 'udp';
  readonly port: number;
  readonly what: string;
}[] = [
  { protocol: 'udp', port: 68, what: 'DHCP client' },
  { protocol: 'udp', port: 546, what: 'DHCPv6 client' },
];

/**
 * Linux's default ephemeral range (net.ipv4.ip_local_port_range): a UDP socket there is most likely a
 * client's (a resolver, an NTP client) rather than a service, so it is reported as information only.
 */
export const EPHEMERAL_PORTS = { from: 32768, to: 60999 } as const;

/** The scope of a local address as `ss` prints it (`0.0.0.0`, `*`, `[::]`, `127.0.0.53%lo`, `fe80::1%ens18`). */
export function listenerScope(address: string): ListenerScope {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (bare === '*' || bare === '') return 'all';
  if (!ipaddr.isValid(bare)) return 'specific';
  let ip = ipaddr.parse(bare);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    ip = (ip as ipaddr.IPv6).toIPv4Address();
  }
  const range = ip.range();
  if (range === 'unspecified') return 'all';
  if (range === 'loopback') return 'loopback';
  if (range === 'linkLocal') return 'link-local';
  return 'specific';
}

/** One port as other machines see it: every socket on it (IPv4 and IPv6, several processes). */
export interface ReachablePort {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly addresses: readonly string[];
  readonly processes: readonly string[];
  readonly pids: readonly number[];
}

/** Listening sockets reachable from other machines, grouped by protocol and port, ordered by port. */
export function reachablePorts(listening: readonly ListeningSocket[]): ReachablePort[] {
  const byPort = new Map<
    string,
    {
      protocol: 'tcp' | 'udp';
      port: number;
      addresses: Set<string>;
      processes: Set<string>;
      pids: Set<number>;
    }
  >();
  for (const socket of listening) {
    const scope = listenerScope(socket.address);
    if (scope === 'loopback' || scope === 'link-local') continue;
    if (isSystemClientPort(socket.protocol, socket.port)) continue;
    const id = `${socket.port}/${socket.protocol}`;
    const entry = byPort.get(id) ?? {
      protocol: socket.protocol,
      port: socket.port,
      addresses: new Set<string>(),
      processes: new Set<string>(),
      pids: new Set<number>(),
    };
    entry.addresses.add(socket.address);
    if (socket.process !== undefined) entry.processes.add(socket.process);
    if (socket.pid !== undefined) entry.pids.add(socket.pid);
    byPort.set(id, entry);
  }
  return [...byPort.values()]
    .map((entry) => ({
      protocol: entry.protocol,
      port: entry.port,
      addresses: [...entry.addresses].sort(),
      processes: [...entry.processes].sort(),
      pids: [...entry.pids].sort((a, b) => a - b),
    }))
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** Every port a socket listens on, on any address (loopback included): "is anything listening there?". */
export function listeningPortIds(listening: readonly ListeningSocket[]): Set<string> {
  return new Set(listening.map((socket) => `${socket.port}/${socket.protocol}`));
}

export function isSystemClientPort(protocol: 'tcp' | 'udp', port: number): boolean {
  return SYSTEM_CLIENT_PORTS.some((entry) => entry.protocol === protocol && entry.port === port);
}

export function isEphemeralUdp(protocol: 'tcp' | 'udp', port: number): boolean {
  return protocol === 'udp' && port >= EPHEMERAL_PORTS.from && port <= EPHEMERAL_PORTS.to;
}
