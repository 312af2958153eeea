import { describe, expect, it } from 'vitest';
import { errorsOf, loadWith, summaries } from '../../test/support/inventory-sources.js';
import type { HostMetricsSettings } from '../inventory/schema/metrics.js';
import { metricsSettingsOf } from '../inventory/schema/metrics.js';
import { DEFAULT_THRESHOLDS, evaluateThresholds, type LatestReadings, thresholdsFor } from './thresholds.js';

const GiB = 1024 ** 3;

const VM = (metrics: string) => `version: 1
vms:
  - id: web1
    hypervisor: hv1
    vcpu: 2
    memory: 4GiB
    disks:
      - { name: vda, size: 40GiB }
    os: { family: debian, version: 12 }
    interfaces:
      - { name: ens18, network: lan, address: 127.30.1.20/24 }
${metrics}`;

function settingsOf(yaml: string): HostMetricsSettings | undefined {
  const result = loadWith({ 'vms.yaml': VM(yaml) });
  if (!result.ok) throw new Error(summaries(result.errors).join('\n'));
  const vm = result.objects.find((object) => object.kind === 'vm');
  return metricsSettingsOf(vm?.spec ?? {});
}

const calm: LatestReadings = {
  cpuPercent: 12,
  cpuCount: 4,
  load5: 1,
  memoryTotalBytes: 16 * GiB,
  memoryUsedBytes: 4 * GiB,
  swapTotalBytes: 0,
  swapUsedBytes: 0,
  filesystems: [{ mountpoint: '/', usedPercent: 40 }],
};

describe('metric thresholds', () => {
  it('lays a host’s inventory thresholds over the defaults, field by field', () => {
    const thresholds = thresholdsFor(
      settingsOf(`    metrics:
      thresholds:
        cpu: { warning: 70%, critical: 90% }
        memory: { critical: 98% }
        load_per_core: { warning: 2, critical: 4 }
        filesystems:
          default: { warning: 75% }
          /var/lib/postgresql: { warning: 85%, critical: 95% }
          /srv: { critical: 97% }
        fill_days: { warning: 45, critical: 10 }
`),
    );
    expect(thresholds.cpu).toEqual({ warning: 70, critical: 90 });
    expect(thresholds.memory).toEqual({ warning: DEFAULT_THRESHOLDS.memory.warning, critical: 98 });
    expect(thresholds.swap).toEqual(DEFAULT_THRESHOLDS.swap);
    expect(thresholds.loadPerCore).toEqual({ warning: 2, critical: 4 });
    expect(thresholds.filesystemDefault).toEqual({ warning: 75, critical: 90 });
    expect(thresholds.filesystems).toEqual({
      '/var/lib/postgresql': { warning: 85, critical: 95 },
      // An override takes what it leaves out from the host's default, not Vigie's.
      '/srv': { warning: 75, critical: 97 },
    });
    expect(thresholds.fillDays).toEqual({ warning: 45, critical: 10 });
    expect(thresholdsFor(settingsOf(''))).toBe(DEFAULT_THRESHOLDS);
  });

  it('refuses thresholds in the wrong order, bad percentages and paths, each located', () => {
    const result = loadWith({
      'vms.yaml': VM(`    metrics:
      thresholds:
        cpu: { warning: 95%, critical: 85% }
        memory: { warning: 120% }
        filesystems:
          var/lib/mysql: { warning: 80% }
        fill_days: { warning: 7, critical: 30 }
`),
    });
    expect(summaries(errorsOf(result))).toEqual([
      'vms.yaml:14:25 vms[0].metrics.thresholds.cpu.warning: the warning level (95) must be below the critical one (85)',
      'vms.yaml:15:28 vms[0].metrics.thresholds.memory.warning: "120%" is not a percentage from 0% to 100%',
      'vms.yaml:17:26 vms[0].metrics.thresholds.filesystems.var/lib/mysql: "var/lib/mysql" is neither a mountpoint nor "default"',
      'vms.yaml:18:31 vms[0].metrics.thresholds.fill_days.warning: the warning level (7 days) must be more days than the critical one (30)',
    ]);
  });

  it('finds nothing to say about a calm host, and ignores swap on a host without any', () => {
    expect(evaluateThresholds(calm, DEFAULT_THRESHOLDS)).toEqual([]);
  });

  it('reports each reading at its worse level, with the threshold reached', () => {
    const breaches = evaluateThresholds(
      {
        cpuPercent: 96,
        cpuCount: 2,
        load5: 3.4,
        memoryTotalBytes: 8 * GiB,
        memoryUsedBytes: 7.5 * GiB,
        swapTotalBytes: 2 * GiB,
        swapUsedBytes: 0.5 * GiB,
        filesystems: [
          { mountpoint: '/', usedPercent: 85 },
          {
            mountpoint: '/var/lib/postgresql',
            usedPercent: 60,
            forecast: {
              status: 'filling',
              daysToFull: 5.5,
              fullAt: '2026-12-01T00:00:00.000Z',
              growthBytesPerDay: GiB,
              r2: 0.99,
              confidence: 'high',
              points: 168,
              samples: 10_000,
              windowDays: 7,
            },
          },
        ],
      },
      DEFAULT_THRESHOLDS,
    );
    expect(breaches).toEqual([
      { metric: 'cpu', value: 96, level: 'critical', threshold: 95 },
      { metric: 'memory', value: 93.75, level: 'warning', threshold: 90 },
      { metric: 'load_per_core', value: 1.7, level: 'warning', threshold: 1.5 },
      { metric: 'filesystem', mountpoint: '/', value: 85, level: 'warning', threshold: 80 },
      { metric: 'fill_days', mountpoint: '/var/lib/postgresql', value: 5.5, level: 'critical', threshold: 7 },
    ]);
  });
});
