import { describe, expect, it } from 'vitest';
import { errorsOf, loadWith, skeletonWith, summaries } from '../../test/support/inventory-sources.js';
import { parseInventorySources } from './load.js';
import type { InventoryLoadResult } from './model.js';

// The skeleton declares: site main-dc, rack rack-1 (42U), firewall fw1 at U40, hypervisor hv1 at U20-21
// (128GiB), network lan 127.30.1.0/24, VM web1 (127.30.1.20), services web1-nginx and web1-ssh, website www.

function messages(result: InventoryLoadResult): string[] {
  return errorsOf(result).map((error) => `${error.path}: ${error.message}`);
}

/** Warnings of these fixtures, without the backup ones (their websites have no files to back up; see rules/backup). */
function warnings(result: InventoryLoadResult): string[] {
  return result.warnings
    .filter((warning) => !/backed up|to back up/.test(warning.message))
    .map((warning) => `${warning.path}: ${warning.message}`);
}

const vm = (id: string, lines: string) =>
  `vms:\n  - id: ${id}\n    vcpu: 1\n    memory: 1GiB\n    disks: [{ name: vda, size: 10GiB }]\n    os: { family: debian, version: 12 }\n${lines}`;

describe('references between objects', () => {
  it('names both objects and the declared candidates when a reference dangles', () => {
    const result = loadWith({ 'extra.yaml': vm('web2', '    hypervisor: hv2\n') });
    expect(errorsOf(result)).toMatchObject([
      {
        file: 'extra.yaml',
        line: 7,
        column: 17,
        path: 'vms[0].hypervisor',
        message: 'VM "web2" refers to hypervisor "hv2", which is not declared; declared hypervisors: hv1',
        expected: 'the id of a declared hypervisor',
        hint: 'did you mean "hv1"?',
      },
    ]);
  });

  it('refuses a VM on a device that is not a hypervisor, and says what it is', () => {
    expect(messages(loadWith({ 'extra.yaml': vm('web2', '    hypervisor: fw1\n') }))).toEqual([
      'vms[0].hypervisor: VM "web2" refers to device "fw1" as its hypervisor, but it is a firewall, not a hypervisor',
    ]);
  });

  it('says when the id names an object of another kind', () => {
    const [error] = errorsOf(loadWith({ 'extra.yaml': vm('web2', '    hypervisor: web1\n') }));
    expect(error?.hint).toBe('"web1" is a VM, not a hypervisor');
  });

  it('checks every kind of reference', () => {
    const result = loadWith({
      'extra.yaml': `racks:
  - id: rack-2
    site: nowhere
devices:
  - id: sw1
    type: switch
    rack: rack-9
    position: 1
networks:
  - id: lan2
    prefix: 127.30.2.0/24
    site: nowhere
services:
  - id: db-pg
    host: ghost
    kind: postgresql
websites:
  - id: www2
    domains: [www2.example.test]
    host: web1
    service: web1-ssh
    tls: { mode: acme }
    databases: [nodb]
databases:
  - id: db1
    engine: mariadb
    server: db-pg
    name: app
    owner: app
people:
  - id: dev1
    name: Dev One
    organisation: customer
    roles: [developer]
    email: dev1@example.test
    access: { websites: [www, wwww], databases: [db1, db2] }
`,
    });
    expect(messages(result)).toEqual([
      'racks[0].site: rack "rack-2" refers to site "nowhere", which is not declared; declared sites: main-dc',
      'devices[0].rack: device "sw1" refers to rack "rack-9", which is not declared; declared racks: rack-1, rack-2',
      'networks[0].site: network "lan2" refers to site "nowhere", which is not declared; declared sites: main-dc',
      'services[0].host: service "db-pg" refers to host "ghost", which is not declared; declared hosts (VMs and devices): web1, fw1, hv1, sw1',
      'websites[0].service: website "www2" refers to service "web1-ssh" as its web server service, but it is an openssh service, not a web server (nginx, apache, caddy, haproxy, tomcat, nodejs)',
      'websites[0].databases[0]: website "www2" refers to database "nodb", which is not declared; declared databases: db1',
      'databases[0].server: database "db1" refers to service "db-pg" as its database server, but it is a postgresql service while the database\'s engine is mariadb',
      'people[0].access.websites[1]: person "dev1" refers to website "wwww", which is not declared; declared websites: www, www2',
      'people[0].access.databases[1]: person "dev1" refers to database "db2", which is not declared; declared databases: db1',
    ]);
    expect(errorsOf(result).find((error) => error.path === 'people[0].access.websites[1]')?.hint).toBe(
      'did you mean "www"?',
    );
  });

  it('refuses duplicate ids, naming where the first one is', () => {
    expect(
      summaries(errorsOf(loadWith({ 'extra.yaml': 'networks:\n  - id: lan\n    prefix: 127.30.9.0/24\n' }))),
    ).toEqual([
      'extra.yaml:2:9 networks[0].id: duplicate network id "lan": already declared at networks.yaml:6:5',
    ]);
  });

  it('refuses a VM and a device sharing an id, since hosts are named by id alone', () => {
    expect(messages(loadWith({ 'extra.yaml': vm('fw1', '    hypervisor: hv1\n') }))).toEqual([
      'vms[0].id: VM "fw1" has the same id as device "fw1" (rack.yaml:16:5)',
    ]);
  });

  it('wants a customer and a provider, and warns without a contract', () => {
    const sources = skeletonWith().filter(
      (source) => source.path !== 'organisation.yaml' && source.path !== 'contract.yaml',
    );
    const result = parseInventorySources(sources);
    expect(errorsOf(result)).toMatchObject([
      { file: '.', line: 0, message: 'no customer is declared' },
      { file: '.', line: 0, message: 'no provider is declared' },
    ]);
    expect(warnings(result)).toEqual([': no contract is declared']);
  });
});

describe('rack placement', () => {
  it('refuses a device beyond the top of its rack', () => {
    expect(
      messages(
        loadWith({
          'extra.yaml':
            'devices:\n  - id: big\n    type: server\n    rack: rack-1\n    position: 41\n    height: 4\n',
        }),
      ),
    ).toEqual(['devices[0].position: device "big" occupies U41-U44, but rack "rack-1" has 42 units']);
  });

  it('refuses overlapping devices, naming the other and where it is', () => {
    expect(
      messages(
        loadWith({
          'extra.yaml': 'devices:\n  - id: sw1\n    type: switch\n    rack: rack-1\n    position: 21\n',
        }),
      ),
    ).toEqual([
      'devices[0].position: device "sw1" (U21) overlaps device "hv1" (U20-U21, rack.yaml:27:15) in rack "rack-1"',
    ]);
  });

  it('lets half-depth devices share units on opposite faces', () => {
    const extra = `devices:
  - { id: p1, type: patch_panel, rack: rack-1, position: 30, full_depth: false }
  - { id: p2, type: patch_panel, rack: rack-1, position: 30, full_depth: false, face: rear }
`;
    expect(messages(loadWith({ 'extra.yaml': extra }))).toEqual([]);
  });
});

describe('addresses', () => {
  it('wants interface addresses inside their network, with its prefix length, not its network address', () => {
    const result = loadWith({
      'extra.yaml': vm(
        'web2',
        `    hypervisor: hv1
    interfaces:
      - { name: a, network: lan, address: 127.30.2.20/24 }
      - { name: b, network: lan, address: 127.30.1.21/16 }
      - { name: c, network: lan, address: 127.30.1.255/24 }
`,
      ),
    });
    expect(messages(result)).toEqual([
      'vms[0].interfaces[0].address: address 127.30.2.20/24 is outside network "lan" (127.30.1.0/24)',
      'vms[0].interfaces[1].address: address 127.30.1.21/16 has prefix length /16, but network "lan" is a /24',
      'vms[0].interfaces[2].address: address 127.30.1.255/24 is the network or broadcast address of "lan"',
    ]);
    expect(errorsOf(result)[1]?.hint).toBe('write 127.30.1.21/24');
  });

  it('refuses an address assigned twice, naming the first holder', () => {
    const result = loadWith({
      'extra.yaml': vm(
        'web2',
        '    hypervisor: hv1\n    interfaces: [{ name: a, network: lan, address: 127.30.1.10/24 }]\n',
      ),
    });
    expect(messages(result)).toEqual([
      'vms[0].interfaces[0].address: address 127.30.1.10 is already assigned to device "hv1" (rack.yaml:33:18)',
    ]);
  });

  it('wants a gateway inside its prefix', () => {
    expect(
      messages(
        loadWith({
          'extra.yaml': 'networks:\n  - id: lan2\n    prefix: 127.30.2.0/24\n    gateway: 127.30.3.1\n',
        }),
      ),
    ).toEqual(["networks[0].gateway: gateway 127.30.3.1 is outside the network's prefix 127.30.2.0/24"]);
  });

  it('warns about overlapping networks and reused VLANs', () => {
    const result = loadWith({
      'extra.yaml': 'networks:\n  - id: all\n    prefix: 127.30.0.0/16\n    vlan: 10\n',
    });
    expect(result.ok).toBe(true);
    expect(warnings(result)).toEqual([
      'networks[0].prefix: network "all" (127.30.0.0/16) overlaps network "lan" (127.30.1.0/24, networks.yaml:7:13)',
      'networks[0].vlan: VLAN 10 is also used by network "lan" (networks.yaml:8:11)',
    ]);
  });
});

describe('services, websites, databases', () => {
  it('refuses a port taken twice on one host, a domain served twice, a database name used twice', () => {
    const result = loadWith({
      'extra.yaml': `services:
  - { id: web1-apache, host: web1, kind: apache, ports: [8080, 443] }
  - { id: web1-pg, host: web1, kind: postgresql, ports: [5432] }
websites:
  - { id: www2, domains: [www.example.test], host: web1, service: web1-nginx, tls: { mode: acme } }
databases:
  - { id: d1, engine: postgresql, server: web1-pg, name: app, owner: app }
  - { id: d2, engine: postgresql, server: web1-pg, name: app, owner: app }
`,
    });
    expect(messages(result)).toEqual([
      'services[0].ports[1]: port 443/tcp on host "web1" is already taken by service "web1-nginx" (services.yaml:10:17)',
      'websites[0].domains[0]: domain www.example.test is already served by website "www" (websites.yaml:7:15)',
      'databases[1].name: database name "app" is already used on server "web1-pg" by database "d1" (extra.yaml:7:58)',
    ]);
  });

  it('refuses a website whose web server runs on another host', () => {
    const result = loadWith({
      'extra.yaml': `services:
  - { id: fw1-nginx, host: fw1, kind: nginx }
websites:
  - { id: www2, domains: [www2.example.test], host: web1, service: fw1-nginx, tls: { mode: acme } }
`,
    });
    expect(messages(result)).toEqual([
      'websites[0].service: website "www2" is on host "web1", but its service "fw1-nginx" runs on "fw1"',
    ]);
  });

  it('warns about plain-HTTP websites and PHP without php-fpm', () => {
    const result = loadWith({
      'extra.yaml':
        'websites:\n  - { id: www2, domains: [www2.example.test], host: web1, service: web1-nginx, tls: { mode: none }, php_version: "8.2" }\n',
    });
    expect(result.ok).toBe(true);
    expect(warnings(result)).toEqual([
      'websites[0].tls.mode: website "www2" is served without TLS',
      'websites[0].php_version: website "www2" runs PHP 8.2, but no php-fpm service is declared on "web1"',
    ]);
  });
});

describe('people and capacity warnings', () => {
  it('warns about unreachable people, roles on the wrong side, and access lists out of place', () => {
    const result = loadWith({
      'extra.yaml': `people:
  - { id: p1, name: P One, organisation: customer, roles: [referent] }
  - { id: p2, name: P Two, organisation: provider, roles: [engineer], email: p2@example.test, access: { websites: [www] } }
  - { id: p3, name: P Three, organisation: customer, roles: [developer], phone: "+33 6 39 98 00 09" }
`,
    });
    expect(result.ok).toBe(true);
    expect(warnings(result)).toEqual([
      'people[0]: person "p1" has neither e-mail nor phone',
      'people[0].roles[0]: role "referent" belongs to the provider, but person "p1" works for the customer',
      'people[1].access: person "p2" has an access list but is not a developer',
      'people[2].roles: developer person "p3" has no access list, so will see no website or database',
    ]);
  });

  it('warns when VMs are given more memory than their hypervisor has', () => {
    const result = loadWith({
      'extra.yaml': vm('big', '    hypervisor: hv1\n').replace('memory: 1GiB', 'memory: 200GiB'),
    });
    expect(warnings(result)).toEqual([
      'devices[1].memory: the VMs on "hv1" are given 204GiB of memory, more than its 128GiB',
    ]);
  });

  it('warns when the fee over every term exceeds the contract ceiling', () => {
    const contract = skeletonWith()
      .find((source) => source.path === 'contract.yaml')
      ?.content.replace('vat_rate: 20', 'vat_rate: 20\n  maximum_total: { amount: 50000 }');
    const result = loadWith({ 'contract.yaml': contract ?? '' });
    expect(warnings(result)).toEqual([
      'contract.maximum_total.amount: 48 months at 1500 EUR come to 72000.00, above the maximum 50000',
    ]);
  });
});
