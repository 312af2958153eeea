/** Services running on a host (a VM or a device): web servers, databases, SSH, firewalls, VPNs... */
import { z } from 'zod';
import { objectChecksSchema } from './checks.js';
import {
  idSchema,
  type ObjectRule,
  quote,
  refSchema,
  tagsSchema,
  textSchema,
  versionSchema,
  withRules,
} from './common.js';

export const SERVICE_KINDS = [
  'nginx',
  'apache',
  'caddy',
  'haproxy',
  'php-fpm',
  'tomcat',
  'nodejs',
  'postgresql',
  'mariadb',
  'mysql',
  'redis',
  'memcached',
  'openssh',
  'nftables',
  'iptables',
  'ipsec',
  'openvpn',
  'wireguard',
  'postfix',
  'dovecot',
  'bind',
  'unbound',
  'chrony',
  'docker',
  'cron',
  'other',
] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** Service kinds that can serve a website. */
export const WEB_SERVER_KINDS: readonly ServiceKind[] = [
  'nginx',
  'apache',
  'caddy',
  'haproxy',
  'tomcat',
  'nodejs',
];

const PORT_TEXT = /^(\d{1,5})\/(tcp|udp)$/;

/** A listening port: `443` (TCP) or `"500/udp"`, stored as `{ port, protocol }`. */
export const portSchema = z
  .union([z.int().min(1).max(65535), z.string().regex(PORT_TEXT)])
  .meta({ description: 'A port: 443 for TCP, or "500/udp".', expected: 'a port such as 443 or "500/udp"' })
  .transform((value, ctx) => {
    if (typeof value === 'number') return { port: value, protocol: 'tcp' as 'tcp' | 'udp' };
    const match = PORT_TEXT.exec(value);
    const port = Number(match?.[1]);
    if (port < 1 || port > 65535) {
      ctx.addIssue({
        code: 'custom',
        message: `${quote(value)} is not a port number`,
        input: value,
        params: { expected: 'a port from 1 to 65535' },
      });
      return z.NEVER;
    }
    return { port, protocol: (match?.[2] ?? 'tcp') as 'tcp' | 'udp' };
  });

const otherNeedsName: ObjectRule = (value, report) => {
  if (value.kind === 'other' && value.name === undefined) {
    report(['name'], 'a service of kind "other" needs a name', {
      expected: 'the name of the software, e.g. name: gitea',
    });
  }
};

const uniquePorts: ObjectRule = (value, report) => {
  if (!Array.isArray(value.ports)) return;
  const seen = new Set<string>();
  value.ports.forEach((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) return;
    const { port, protocol } = entry as { port?: unknown; protocol?: unknown };
    const key = `${String(port)}/${String(protocol)}`;
    if (seen.has(key))
      report(['ports', index], `port ${key} is listed twice`, { hint: 'remove the duplicate' });
    seen.add(key);
  });
};

/** A service on a host. */
export const serviceSchema = withRules(
  z
    .strictObject({
      id: idSchema,
      host: refSchema('the VM or device the service runs on'),
      kind: z.enum(SERVICE_KINDS).meta({ description: 'The software, e.g. nginx, postgresql, openssh.' }),
      name: textSchema('Display name; required for kind "other".').optional(),
      version: versionSchema.meta({ description: 'Version in service, e.g. "1.22" or 16.' }).optional(),
      ports: z
        .array(portSchema)
        .meta({ description: 'Ports it listens on: 443 (TCP) or "500/udp".' })
        .optional(),
      description: textSchema('What this service does here.').optional(),
      tags: tagsSchema.optional(),
      checks: objectChecksSchema.optional(),
    })
    .meta({ title: 'Service', description: 'A service running on a VM or a device.' }),
  otherNeedsName,
  uniquePorts,
);

export type ServiceSpec = Omit<z.output<typeof serviceSchema>, 'id'> & {
  readonly host_kind?: 'vm' | 'device';
};
