import { describe, expect, it } from 'vitest';
import { errorsOf, loadWith } from '../../../test/support/inventory-sources.js';

/** The single error a one-file addition produces. */
function onlyError(yaml: string) {
  const errors = errorsOf(loadWith({ 'extra.yaml': yaml }));
  expect(errors).toHaveLength(1);
  return errors[0];
}

describe('explanations of schema problems', () => {
  it('suggests quotes when YAML read a valid text as a number', () => {
    const error = onlyError(
      'people:\n  - { id: p, name: P, organisation: provider, roles: [engineer], phone: 0491000000 }\n',
    );
    expect(error).toMatchObject({
      path: 'people[0].phone',
      message: '491000000 is a number, not a phone number',
      hint: 'put it in quotes: phone: "0491000000"',
    });
  });

  it('suggests an example when a unit is missing', () => {
    const error = onlyError('racks:\n  - { id: r2, site: main-dc, uplink: { bandwidth: 1000 } }\n');
    expect(error).toMatchObject({
      path: 'racks[0].uplink.bandwidth',
      message: '1000 is a number, not a bit rate',
      hint: 'write bandwidth: 1Gbps',
    });
  });

  it('refuses a version YAML would read as a decimal number', () => {
    const error = onlyError('services:\n  - { id: php, host: web1, kind: php-fpm, version: 8.10 }\n');
    expect(error).toMatchObject({ path: 'services[0].version', hint: 'write it in quotes: "8.10"' });
    expect(error?.message).toContain('trailing zeros');
  });

  it('suggests the closest enum value', () => {
    const error = onlyError('devices:\n  - { id: d2, type: firewal }\n');
    expect(error).toMatchObject({
      path: 'devices[0].type',
      message: '"firewal" is not a valid type',
      hint: 'did you mean "firewall"?',
    });
    expect(error?.expected).toContain('hypervisor');
  });

  it('explains ranges, empty lists and booleans', () => {
    expect(onlyError('networks:\n  - { id: n2, prefix: 127.30.9.0/24, vlan: 5000 }\n')).toMatchObject({
      message: '5000 is above the maximum 4094',
      expected: 'a VLAN id from 1 to 4094',
    });
    expect(
      onlyError(
        'vms:\n  - { id: v2, hypervisor: hv1, vcpu: 1, memory: 1GiB, disks: [], os: { family: debian, version: 12 } }\n',
      ),
    ).toMatchObject({ path: 'vms[0].disks', message: 'the list is empty', expected: 'at least 1 item' });
    expect(onlyError('devices:\n  - { id: d2, type: pdu, full_depth: "no" }\n')).toMatchObject({
      message: '"no" is text, not true or false',
      hint: 'write full_depth: true or full_depth: false, without quotes',
    });
  });

  it('names the owner of an unknown nested field', () => {
    expect(
      onlyError(
        'vms:\n  - { id: v2, hypervisor: hv1, vcpu: 1, memory: 1GiB, disks: [{ name: a, size: 1GiB, sise: 2 }], os: { family: debian, version: 12 } }\n',
      ),
    ).toMatchObject({
      path: 'vms[0].disks[0].sise',
      message: 'unknown field "sise" in disks of a VM',
      hint: 'did you mean "size"?',
    });
  });

  it('refuses an unsupported format version', () => {
    expect(onlyError('version: 2\n')).toMatchObject({
      path: 'version',
      message: 'inventory format version 2 is not supported',
      expected: 'version: 1',
    });
  });
});
