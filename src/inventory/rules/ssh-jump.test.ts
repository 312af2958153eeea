import { describe, expect, it } from 'vitest';
import { errorsOf, loadWith } from '../../../test/support/inventory-sources.js';

// The skeleton declares firewall fw1, hypervisor hv1, VM web1 and website www (see skeleton.ts).

/** A small VM on hv1, optionally going through `jump`. */
function vm(id: string, jump?: string): string {
  return [
    `  - id: ${id}`,
    '    hypervisor: hv1',
    '    vcpu: 1',
    '    memory: 1GiB',
    '    disks: [{ name: vda, size: 10GiB }]',
    '    os: { family: debian, version: 12 }',
    ...(jump === undefined ? [] : [`    ssh: { jump: ${jump} }`]),
    '',
  ].join('\n');
}

function vms(...entries: string[]): Record<string, string> {
  return { 'extra.yaml': `vms:\n${entries.join('')}` };
}

describe('ssh.jump', () => {
  it('accepts a jump through a declared device or VM, up to two hops', () => {
    expect(errorsOf(loadWith(vms(vm('app1', 'fw1'), vm('app2', 'app1'), vm('app3', 'web1'))))).toEqual([]);
  });

  it('refuses a website, saying what it is, at the field', () => {
    expect(errorsOf(loadWith(vms(vm('app1', 'www'))))).toEqual([
      {
        severity: 'error',
        file: 'extra.yaml',
        line: 8,
        column: 18,
        path: 'vms[0].ssh.jump',
        message: expect.stringMatching(
          /^VM "app1" goes through SSH jump host "www", which is not a declared VM or device; declared VMs and devices: .*fw1/,
        ),
        expected: 'the id of a declared VM or device',
        hint: '"www" is a website, not a VM or device',
      },
    ]);
  });

  it('suggests the nearest host for a typo', () => {
    const [error] = errorsOf(loadWith(vms(vm('app1', 'fw2'))));
    expect(error).toMatchObject({ path: 'vms[0].ssh.jump', hint: 'did you mean "fw1"?' });
  });

  it('refuses a host that jumps through itself', () => {
    expect(errorsOf(loadWith(vms(vm('app1', 'app1'))))).toMatchObject([
      { path: 'vms[0].ssh.jump', message: 'VM "app1" names itself as its SSH jump host' },
    ]);
  });

  it('finds a jump loop at validate time, once, naming every place of it', () => {
    const errors = errorsOf(
      loadWith(vms(vm('app1', 'app2'), vm('app2', 'app3'), vm('app3', 'app1'), vm('app4', 'app2'))),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'extra.yaml',
        line: 8,
        path: 'vms[0].ssh.jump',
        message:
          'the SSH jump chain app1 → app2 → app3 → app1 loops (also at extra.yaml:15:18, extra.yaml:22:18)',
      }),
    ]);
  });

  it('finds a loop between a device and a VM', () => {
    const withLoop = loadWith({
      ...vms(vm('app1', 'sw9')),
      'devices.yaml': 'devices:\n  - id: sw9\n    type: switch\n    ssh: { jump: app1 }\n',
    });
    expect(errorsOf(withLoop).map((error) => error.message)).toEqual([
      'the SSH jump chain app1 → sw9 → app1 loops (also at devices.yaml:4:18)',
    ]);
  });

  it('refuses a chain longer than the SSH layer goes through', () => {
    const errors = errorsOf(loadWith(vms(vm('app1', 'app2'), vm('app2', 'app3'), vm('app3', 'fw1'))));
    expect(errors).toMatchObject([
      {
        path: 'vms[0].ssh.jump',
        message:
          'the SSH jump chain app1 → app2 → app3 → fw1 goes through 3 jump hosts; Vigie goes through at most 2',
        hint: 'name a jump host nearer to Vigie, e.g. ssh.jump: app3',
      },
    ]);
  });
});
