import { describe, expect, it } from 'vitest';
import { loadWith } from '../../test/support/inventory-sources.js';
import { relationsOf } from './relations.js';

describe('relationsOf', () => {
  it('lists the outgoing references of each kind', () => {
    expect(relationsOf('rack', { site: 'dc', uplink: { device: 'fw1' } })).toEqual([
      { relation: 'site', kind: 'site', key: 'dc' },
      { relation: 'uplink.device', kind: 'device', key: 'fw1' },
    ]);
    expect(
      relationsOf('vm', {
        hypervisor: 'hv1',
        interfaces: [{ network: 'lan' }, { network: 'lan' }, { network: 'dmz' }],
      }),
    ).toEqual([
      { relation: 'hypervisor', kind: 'device', key: 'hv1' },
      { relation: 'interfaces.network', kind: 'network', key: 'lan' },
      { relation: 'interfaces.network', kind: 'network', key: 'dmz' },
    ]);
    expect(relationsOf('database', { server: 'db03-postgresql' })).toEqual([
      { relation: 'server', kind: 'service', key: 'db03-postgresql' },
    ]);
    expect(relationsOf('person', { access: { websites: ['www'], databases: ['app'] } })).toEqual([
      { relation: 'access.websites', kind: 'website', key: 'www' },
      { relation: 'access.databases', kind: 'database', key: 'app' },
    ]);
    expect(relationsOf('customer', { legal_name: 'X' })).toEqual([]);
  });

  it('says whether a host is a VM or a device, as the loader resolved it', () => {
    const result = loadWith({
      'extra.yaml': 'services:\n  - { id: fw1-ssh, host: fw1, kind: openssh, ports: [2222] }\n',
    });
    if (!result.ok) throw new Error('invalid fixture');
    const spec = (key: string) => result.objects.find((object) => object.key === key)?.spec ?? {};
    expect(relationsOf('service', spec('fw1-ssh'))).toEqual([
      { relation: 'host', kind: 'device', key: 'fw1' },
    ]);
    expect(relationsOf('website', spec('www'))).toEqual([
      { relation: 'host', kind: 'vm', key: 'web1' },
      { relation: 'service', kind: 'service', key: 'web1-nginx' },
    ]);
  });
});
