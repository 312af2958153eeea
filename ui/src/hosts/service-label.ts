/** How a service is named in lists: its display name, or its software with the version. */
import type { InventoryObject } from '../api/types.js';
import { specText } from '../spec/spec-access.js';

/** The software of each service kind, as its authors write it. */
export const SOFTWARE_NAMES: Readonly<Record<string, string>> = {
  nginx: 'nginx',
  apache: 'Apache httpd',
  caddy: 'Caddy',
  haproxy: 'HAProxy',
  'php-fpm': 'PHP-FPM',
  tomcat: 'Tomcat',
  nodejs: 'Node.js',
  postgresql: 'PostgreSQL',
  mariadb: 'MariaDB',
  mysql: 'MySQL',
  redis: 'Redis',
  memcached: 'Memcached',
  openssh: 'OpenSSH',
  nftables: 'nftables',
  iptables: 'iptables',
  ipsec: 'IPsec',
  openvpn: 'OpenVPN',
  wireguard: 'WireGuard',
  postfix: 'Postfix',
  dovecot: 'Dovecot',
  bind: 'BIND',
  unbound: 'Unbound',
  chrony: 'chrony',
  docker: 'Docker',
  cron: 'cron',
};

/** `PostgreSQL 16`, or the service's own name when it has one. */
export function serviceLabelOf(service: InventoryObject): string {
  const name = specText(service.spec, 'name');
  if (name !== undefined) return name;
  const kind = specText(service.spec, 'kind');
  const software = kind === undefined ? service.key : (SOFTWARE_NAMES[kind] ?? kind);
  const version = specText(service.spec, 'version');
  return version === undefined ? software : `${software} ${version}`;
}

/** `443/tcp`-style labels of a service's ports. */
export function portLabelsOf(service: InventoryObject): string[] {
  const ports = service.spec.ports;
  if (!Array.isArray(ports)) return [];
  return ports.flatMap((entry: unknown) => {
    if (typeof entry === 'number') return [`${entry}/tcp`];
    if (typeof entry === 'object' && entry !== null) {
      const { port, protocol } = entry as { port?: unknown; protocol?: unknown };
      if (typeof port === 'number') return [`${port}/${typeof protocol === 'string' ? protocol : 'tcp'}`];
    }
    return [];
  });
}
