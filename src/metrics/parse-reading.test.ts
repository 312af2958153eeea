import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { parseReading, realFilesystems } from './parse-reading.js';
import { READING_SCRIPT } from './reading-script.js';

const OUTPUT = `@stat1
cpu  1000 0 500 8000 500 0 0 0 0 0
cpu0 500 0 250 4000 250 0 0 0 0 0
cpu1 500 0 250 4000 250 0 0 0 0 0
@stat2
cpu  1060 0 520 8100 520 0 0 0 0 0
@loadavg
0.52 0.61 0.70 2/345 12345
@meminfo
MemTotal:       16384000 kB
MemFree:         1000000 kB
MemAvailable:    4096000 kB
Buffers:          100000 kB
Cached:          2000000 kB
SwapTotal:       2097152 kB
SwapFree:        1048576 kB
@df
Filesystem     Type     1-blocks        Used   Available Capacity Mounted on
udev           devtmpfs 8000000000        0  8000000000       0% /dev
/dev/vda1      ext4     42000000000 21000000000 19000000000      53% /
/dev/vdb1      xfs      200000000000 150000000000 50000000000      75% /var/lib/postgresql
/dev/vdb1      xfs      200000000000 150000000000 50000000000      75% /var/lib/postgresql/16/main/pg_wal
tmpfs          tmpfs    1600000000  1000000  1599000000       1% /run
overlay        overlay  42000000000 21000000000 19000000000      53% /var/lib/docker/overlay2/abc/merged
/dev/vdc1      ext4     100000000000 1000 99999999000   1% /srv/my data
@df-exit 0
@end
`;

describe('metrics reading', () => {
  it('turns /proc and df output into numbers', () => {
    const reading = parseReading('db03', OUTPUT);
    // Between the two readings: user +60, system +20, idle +100, iowait +20: 80 busy of 200.
    expect(reading.cpuPercent).toBe(40);
    expect(reading.cpuCount).toBe(2);
    expect([reading.load1, reading.load5, reading.load15]).toEqual([0.52, 0.61, 0.7]);
    expect(reading.memoryTotalBytes).toBe(16_384_000 * 1024);
    expect(reading.memoryUsedBytes).toBe((16_384_000 - 4_096_000) * 1024);
    expect(reading.swapTotalBytes).toBe(2_097_152 * 1024);
    expect(reading.swapUsedBytes).toBe(1_048_576 * 1024);
    expect(reading.filesystems.map((fs) => fs.mountpoint)).toEqual([
      '/',
      '/srv/my data',
      '/var/lib/postgresql',
    ]);
    expect(reading.filesystems[2]).toEqual({
      mountpoint: '/var/lib/postgresql',
      device: '/dev/vdb1',
      fstype: 'xfs',
      sizeBytes: 200_000_000_000,
      usedBytes: 150_000_000_000,
      availableBytes: 50_000_000_000,
    });
  });

  it('computes busy CPU from the two /proc/stat readings', () => {
    const busy = OUTPUT.replace('cpu  1060 0 520 8100 520 0 0 0 0 0', 'cpu  1150 0 550 8150 520 0 0 0 0 0');
    // +150 user, +50 system, +150 idle, +20 iowait: 200 busy of 370.
    expect(parseReading('db03', busy).cpuPercent).toBeCloseTo((100 * 200) / 370, 6);
  });

  it('says which section is missing, and for which host', () => {
    const broken = OUTPUT.replace(/@loadavg\n[^\n]*\n/, '@loadavg\nnot numbers\n');
    try {
      parseReading('host03', broken);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('REMOTE_FAILED');
      expect((error as Error).message).toBe(
        "Could not read /proc/loadavg on host03: the metrics script's output is not as expected",
      );
    }
    expect(() => parseReading('host03', OUTPUT.replace('@end\n', ''))).toThrow(/stopped early/);
  });

  it('counts a device mounted twice once, at its shortest mountpoint', () => {
    const lines = [
      '/dev/sda1 ext4 100 50 50 50% /etc/hosts',
      '/dev/sda1 ext4 100 50 50 50% /etc/hostname',
      '/dev/sda1 ext4 100 50 50 50% /',
      'overlay overlay 100 50 50 50% /',
    ];
    expect(realFilesystems(lines).map((fs) => `${fs.device} ${fs.mountpoint}`)).toEqual([
      '/dev/sda1 /',
      'overlay /',
    ]);
  });

  it('reads this machine through the real script', () => {
    const output = execFileSync('sh', ['-s'], { input: READING_SCRIPT, encoding: 'utf8' });
    const reading = parseReading('localhost', output);
    expect(reading.cpuCount).toBeGreaterThan(0);
    expect(reading.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(reading.cpuPercent).toBeLessThanOrEqual(100);
    expect(reading.memoryTotalBytes).toBeGreaterThan(reading.memoryUsedBytes);
    expect(reading.filesystems.some((fs) => fs.mountpoint === '/')).toBe(true);
  });
});
