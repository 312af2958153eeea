/**
 * How a declared service kind shows on a running host: the systemd units and process names that mean
 * "it runs". Kinds that are not daemons (a firewall's rules, WireGuard's kernel interface) cannot be
 * seen running this way and say why instead.
 */
import type { ServiceKind } from '../../inventory/schema/service.js';
import type { HostFacts } from '../model.js';

export type ServiceEvidence =
  | { readonly check: true; readonly names: readonly string[]; readonly matches: (name: string) => boolean }
  | { readonly check: false; readonly reason: string };

function named(...names: string[]): ServiceEvidence {
  return { check: true, names, matches: (name) => names.includes(name) };
}

function pattern(names: readonly string[], regex: RegExp): ServiceEvidence {
  return { check: true, names, matches: (name) => regex.test(name) };
}

const NOT_A_DAEMON = (what: string): ServiceEvidence => ({ check: false, reason: what });

/** The unit and process names of each kind; Debian's names first (the unit `ssh`, the process `sshd`). */
export const SERVICE_EVIDENCE: Readonly<Record<ServiceKind, ServiceEvidence>> = {
  nginx: named('nginx'),
  apache: named('apache2', 'httpd'),
  caddy: named('caddy'),
  haproxy: named('haproxy'),
  // php8.2-fpm (Debian's unit), php-fpm8.2 (its process), php-fpm (RHEL's unit and process).
  'php-fpm': pattern(['php8.2-fpm', 'php-fpm8.2', 'php-fpm'], /^php[\d.]*-fpm[\d.]*(@.*)?$/),
  tomcat: pattern(['tomcat10', 'tomcat9', 'tomcat'], /^tomcat\d*$/),
  nodejs: named('node', 'nodejs', 'pm2'),
  // postgres (process), postgresql and postgresql@15-main (Debian's units).
  postgresql: pattern(['postgresql', 'postgres', 'postgresql@15-main'], /^postgres(ql)?(@.+)?$/),
  mariadb: named('mariadb', 'mariadbd', 'mysqld', 'mysql'),
  mysql: named('mysql', 'mysqld'),
  redis: pattern(['redis-server'], /^redis(-server)?(@.+)?$/),
  memcached: named('memcached'),
  openssh: named('ssh', 'sshd'),
  // strongSwan's daemon is charon (charon-systemd with swanctl); Libreswan's is pluto.
  ipsec: named('charon', 'charon-systemd', 'strongswan', 'strongswan-starter', 'ipsec', 'pluto'),
  openvpn: pattern(['openvpn', 'openvpn@server'], /^openvpn(-server|-client)?(@.+)?$/),
  postfix: pattern(['postfix', 'master'], /^(postfix(@.*)?|master)$/),
  dovecot: named('dovecot'),
  bind: named('named', 'bind9'),
  unbound: named('unbound'),
  chrony: named('chrony', 'chronyd'),
  docker: named('docker', 'dockerd'),
  cron: named('cron', 'crond'),
  nftables: NOT_A_DAEMON(
    'nftables is not a daemon: its rules live in the kernel once loaded, so no process shows it running',
  ),
  iptables: NOT_A_DAEMON(
    'iptables is not a daemon: its rules live in the kernel once loaded, so no process shows it running',
  ),
  wireguard: NOT_A_DAEMON('WireGuard runs in the kernel: no process shows it running'),
  other: NOT_A_DAEMON('a service of kind "other" has no known process name to look for'),
};

/** Every name the host shows running: its services (units or daemons) and the owners of its sockets. */
export function runningNames(facts: HostFacts): Set<string> {
  const names = new Set(facts.services.map((service) => service.name.replace(/\.service$/, '')));
  for (const socket of facts.listening) if (socket.process !== undefined) names.add(socket.process);
  return names;
}

/** The names among `running` that show `kind` running (empty when none does). */
export function evidenceOf(kind: ServiceKind, running: ReadonlySet<string>): string[] {
  const evidence = SERVICE_EVIDENCE[kind];
  if (!evidence.check) return [];
  return [...running].filter((name) => evidence.matches(name)).sort();
}

/** The service kinds a process name may belong to (`nginx` → nginx, `mysqld` → mariadb and mysql). */
export function kindsOfProcess(process: string): ServiceKind[] {
  return Object.entries(SERVICE_EVIDENCE)
    .filter(([, evidence]) => evidence.check && evidence.matches(process))
    .map(([kind]) => kind as ServiceKind);
}
