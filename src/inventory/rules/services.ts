/** Rules on what runs on hosts: ports, websites and the web servers serving them, databases on their servers. */
import {
  type InventoryRule,
  type LocatedObject,
  nameOf,
  recordsField,
  stringField,
  whereIs,
} from './rule-context.js';

const portsFree: InventoryRule = (context) => {
  const taken = new Map<string, { service: LocatedObject; index: number }>();
  for (const service of context.byKind('service').values()) {
    const host = stringField(service.data, 'host');
    if (host === undefined) continue;
    recordsField(service.data, 'ports').forEach((entry, index) => {
      if (typeof entry.port !== 'number') return;
      const port = `${entry.port}/${String(entry.protocol ?? 'tcp')}`;
      const key = `${host}\u0000${port}`;
      const earlier = taken.get(key);
      if (!earlier) {
        taken.set(key, { service, index });
        return;
      }
      context.report(
        service,
        ['ports', index],
        'error',
        `port ${port} on host "${host}" is already taken by ${nameOf(earlier.service)} (${whereIs(earlier.service, ['ports', earlier.index])})`,
        {
          hint: 'two services cannot listen on the same port of one host',
        },
      );
    });
  }
};

const websitesServed: InventoryRule = (context) => {
  const services = context.byKind('service');
  const domains = new Map<string, { website: LocatedObject; index: number }>();
  const phpHosts = new Set(
    [...services.values()]
      .filter((service) => service.data.kind === 'php-fpm')
      .map((service) => service.data.host),
  );
  for (const website of context.byKind('website').values()) {
    const host = stringField(website.data, 'host');
    const service = services.get(stringField(website.data, 'service') ?? '');
    const serviceHost = service ? stringField(service.data, 'host') : undefined;
    if (service && host !== undefined && serviceHost !== undefined && serviceHost !== host) {
      context.report(
        website,
        ['service'],
        'error',
        `${nameOf(website)} is on host "${host}", but its ${nameOf(service)} runs on "${serviceHost}"`,
        {
          hint: `name a web server of "${host}", or set host: ${serviceHost}`,
        },
      );
    }
    const php = website.data.php_version;
    if (php !== undefined && host !== undefined && !phpHosts.has(host)) {
      context.report(
        website,
        ['php_version'],
        'warning',
        `${nameOf(website)} runs PHP ${String(php)}, but no php-fpm service is declared on "${host}"`,
        {
          hint: 'declare the php-fpm service of that host, so that it is monitored and updated',
        },
      );
    }
    const tls = website.data.tls as { mode?: unknown } | undefined;
    if (tls?.mode === 'none') {
      context.report(website, ['tls', 'mode'], 'warning', `${nameOf(website)} is served without TLS`, {
        hint: 'browsers mark plain-HTTP sites as not secure; use mode: acme for automatic certificates',
      });
    }
    const names = Array.isArray(website.data.domains) ? website.data.domains : [];
    names.forEach((domain: unknown, index) => {
      if (typeof domain !== 'string') return;
      const earlier = domains.get(domain);
      if (earlier && earlier.website !== website) {
        context.report(
          website,
          ['domains', index],
          'error',
          `domain ${domain} is already served by ${nameOf(earlier.website)} (${whereIs(earlier.website, ['domains', earlier.index])})`,
          {
            hint: 'a domain belongs to one website',
          },
        );
      } else if (!earlier) domains.set(domain, { website, index });
    });
  }
};

const databasesUnique: InventoryRule = (context) => {
  const seen = new Map<string, LocatedObject>();
  for (const database of context.byKind('database').values()) {
    const server = stringField(database.data, 'server');
    const name = stringField(database.data, 'name');
    if (server === undefined || name === undefined) continue;
    const key = `${server}\u0000${name}`;
    const earlier = seen.get(key);
    if (earlier) {
      context.report(
        database,
        ['name'],
        'error',
        `database name "${name}" is already used on server "${server}" by ${nameOf(earlier)} (${whereIs(earlier, ['name'])})`,
        {
          hint: 'one server holds one database of a given name',
        },
      );
    } else seen.set(key, database);
  }
};

export const serviceRules: readonly InventoryRule[] = [portsFree, websitesServed, databasesUnique];
