/**
 * The section parsers on real outputs (the facts script run as root on a Debian 12 machine, and as the
 * lab user through sudo on the lab's DB03, which has its own Debian root) and on garbage: truncated, binary, missing sections. Garbage yields a problem for
 * its section and never a crash; an output without sections, or cut short, is refused with a located error.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/app-error.js';
import { parseDf } from './filesystems.js';
import { factsFromOutput } from './host-facts.js';
import { parseAddresses, parseListening } from './network.js';
import { parseDpkg, parseReboot, parseRpm } from './packages.js';
import { parseProcessServices, parseSystemdUnits } from './services.js';
import { splitSections } from './split-sections.js';
import { parseCpu, parseMeminfo, parseOsRelease, parseUname, parseUptime } from './system.js';

const testdata = (name: string) => fs.readFileSync(new URL(`../testdata/${name}`, import.meta.url), 'utf8');
const DEBIAN_ROOT = testdata('debian12-root.out');
const LAB_DB03 = testdata('lab-db03-sudo.out');
const gather = (stdout: string) =>
  factsFromOutput({ host: 'db03', gatheredAt: '2026-11-28T10:00:00.000Z', stdout });

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

/** The real output with one section's body replaced. */
function withSection(output: string, name: string, body: string, status = 0): string {
  const pattern = new RegExp(`### vigie:${name}\\n[\\s\\S]*?### vigie:status [^\\n]*\\n`);
  expect(pattern.test(output), `section ${name} in the fixture`).toBe(true);
  return output.replace(pattern, `### vigie:${name}\n${body}\n### vigie:status ${status} \n`);
}

describe('facts from a real Debian 12 output', () => {
  it('reads every section', () => {
    const facts = gather(DEBIAN_ROOT);
    expect(facts.problems).toEqual([]);
    expect(facts.os).toEqual({ id: 'debian', version: '12', name: 'Debian GNU/Linux 12 (bookworm)' });
    expect(facts.kernel).toBe('6.18.44-fc-v669');
    expect(facts.cpu).toEqual({ model: 'AMD EPYC', cores: 2, architecture: 'x86_64' });
    expect(facts.memory.totalBytes).toBe(24_684_084 * 1024);
    expect(facts.uptimeSeconds).toBeGreaterThan(0);
    // devtmpfs and tmpfs are left out: only the root disk stays.
    expect(facts.filesystems).toEqual([
      {
        device: '/dev/vda',
        type: 'ext4',
        mountpoint: '/',
        sizeBytes: 270_553_174_016,
        usedBytes: 25_438_789_632,
        availableBytes: 83_505_504_256,
      },
    ]);
    // Loopback and link-local addresses are left out.
    expect(facts.addresses).toEqual([
      { interface: 'eth0', address: '192.0.2.2/24', family: 'inet' },
      { interface: 'eth0', address: 'fd00::2/64', family: 'inet6' },
    ]);
    expect(facts.listening).toContainEqual({
      protocol: 'tcp',
      address: '127.0.0.1',
      port: 5432,
      process: 'postgres',
      pid: 2191,
    });
    expect(facts.listening).toContainEqual({
      protocol: 'tcp',
      address: '0.0.0.0',
      port: 2024,
      process: undefined,
      pid: undefined,
    });
    expect(facts.listening).toContainEqual(expect.objectContaining({ address: '::1', port: 6379 }));
    expect(facts.services.map((s) => s.name)).toEqual(['mariadbd', 'postgres', 'redis-server']);
    expect(facts.packages).toHaveLength(811);
    expect(facts.packages).toContainEqual({ name: 'adduser', version: '3.134', architecture: 'all' });
    expect(facts.reboot).toEqual({ required: false, packages: [] });
  });

  it('reads a lab VM through sudo: its own root, its own namespace’s ports and daemons', () => {
    const facts = gather(LAB_DB03);
    expect(facts.problems).toEqual([]);
    expect(facts.os.id).toBe('debian');
    // The VM's root is an overlay: kept, as a container's or a live system's `/` would be.
    expect(facts.filesystems.map((fs) => `${fs.mountpoint} ${fs.type}`)).toEqual([
      '/ overlay',
      '/run/vigie-lab ext4',
    ]);
    expect(facts.addresses).toEqual([{ interface: 'ens18', address: '198.18.2.13/24', family: 'inet' }]);
    expect(facts.listening.map((s) => `${s.port}/${s.protocol} ${s.process}`)).toEqual([
      '22/tcp sshd',
      '3306/tcp mariadbd',
      '5432/tcp postgres',
    ]);
    // nginx and PHP-FPM run in the web hosts' namespaces on the same kernel: not DB03's.
    expect(facts.services.map((s) => s.name)).toEqual(['mariadbd', 'postgres', 'sshd']);
    expect(facts.packages).toHaveLength(121);
  });

  it('notes that ports have no process when sudo was refused, and keeps the ports', () => {
    const noSudo = withSection(DEBIAN_ROOT, 'privilege', 'none', 1).replace(
      '### vigie:status 1 ',
      '### vigie:status 1 sudo: a password is required',
    );
    const facts = gather(noSudo);
    expect(facts.listening.length).toBeGreaterThan(5);
    expect(facts.problems).toEqual([
      {
        section: 'listening',
        message:
          'the processes behind the ports are unknown: the SSH user is not root and sudo -n was refused ("sudo: a password is required")',
      },
    ]);
  });
});

describe('garbage in the output', () => {
  it('turns binary garbage in one section into a problem for that section alone', () => {
    const binary = Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x89, 0x50, 0x4e, 0x47]).toString(
      'utf8',
    );
    const facts = gather(withSection(DEBIAN_ROOT, 'listening', `${binary}\n${binary}${binary}`));
    expect(facts.listening).toEqual([]);
    expect(facts.problems).toHaveLength(1);
    expect(facts.problems[0]?.section).toBe('listening');
    expect(facts.problems[0]?.message).toMatch(/^2 lines not understood, the first: "/);
    // Everything else still stands.
    expect(facts.packages).toHaveLength(811);
    expect(facts.os.id).toBe('debian');
  });

  it('keeps the readable lines of a section with a few bad ones, and says how many were not', () => {
    const listing =
      'tcp LISTEN 0 128 0.0.0.0:22 0.0.0.0:*\ntcp LISTEN zero 128 nonsense\nudp UNCONN 0 0 *:68 *:*';
    const { listening, problem } = parseListening(listing);
    expect(listening.map((s) => `${s.protocol}/${s.port}`)).toEqual(['tcp/22', 'udp/68']);
    expect(problem).toBe('1 line not understood, the first: "tcp LISTEN zero 128 nonsense"');
  });

  it('reports a command that failed, with its error, as a problem', () => {
    const facts = gather(
      withSection(DEBIAN_ROOT, 'df', '', 1).replace(
        '### vigie:status 1 ',
        '### vigie:status 1 df: cannot read table of mounted file systems',
      ),
    );
    expect(facts.filesystems).toEqual([]);
    expect(facts.problems).toEqual([
      {
        section: 'filesystems',
        message: 'the command failed (exit 1): "df: cannot read table of mounted file systems"',
      },
    ]);
  });

  it('reports missing sections as problems', () => {
    const withoutOs = DEBIAN_ROOT.replace(/### vigie:os\n[\s\S]*?### vigie:status [^\n]*\n/, '');
    const facts = gather(withoutOs);
    expect(facts.os).toEqual({ id: 'unknown', version: '', name: 'unknown' });
    expect(facts.problems).toEqual([{ section: 'os', message: 'missing from the output' }]);
  });

  it('refuses an output cut short, naming the last section read', () => {
    const cut = DEBIAN_ROOT.slice(0, DEBIAN_ROOT.indexOf('### vigie:dpkg') + 5000);
    const error = thrown(() => gather(cut));
    expect(isAppError(error) && error.code).toBe('REMOTE_FAILED');
    expect((error as Error).message).toBe('The facts of db03 were cut short after the "dpkg" section');
  });

  it('refuses an output with no section at all', () => {
    const error = thrown(() => gather('This account is currently not available.\n'));
    expect(isAppError(error) && error.code).toBe('REMOTE_FAILED');
    expect((error as Error).message).toBe('The facts of db03 could not be read: its output has no section');
    expect(isAppError(error) && error.hint).toContain('sh -s');
  });

  it('ignores what a noisy login file prints before the first section', () => {
    const facts = gather(`Welcome to db03!\nLast login: yesterday\n${DEBIAN_ROOT}`);
    expect(facts.problems).toEqual([]);
  });

  it('splits sections and reads their status lines', () => {
    const { sections, complete } = splitSections(
      '### vigie:uptime\n12.5 3.1\n### vigie:status 0 \n### vigie:end\n',
    );
    expect(complete).toBe(true);
    expect(sections.get('uptime')).toEqual({ name: 'uptime', text: '12.5 3.1', status: 0, stderr: '' });
  });
});

describe('system sections', () => {
  it('reads os-release with quotes and without VERSION_ID', () => {
    expect(
      parseOsRelease(
        'NAME="Rocky Linux"\nVERSION_ID="9.4"\nID="rocky"\nPRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"',
      ),
    ).toEqual({
      id: 'rocky',
      version: '9.4',
      name: 'Rocky Linux 9.4 (Blue Onyx)',
    });
    expect(parseOsRelease("ID=debian\nPRETTY_NAME='Debian GNU/Linux trixie/sid'")).toEqual({
      id: 'debian',
      version: '',
      name: 'Debian GNU/Linux trixie/sid',
    });
    expect(() => parseOsRelease('PRETTY_NAME="x"')).toThrow('no ID= line in /etc/os-release');
  });

  it('reads uname, uptime, CPU and memory, and rejects what is not', () => {
    expect(parseUname('Linux 5.14.0-427.el9.x86_64 x86_64')).toEqual({
      kernel: '5.14.0-427.el9.x86_64',
      architecture: 'x86_64',
    });
    expect(() => parseUname('\u0000\u0001garbage')).toThrow(/expected "system release machine"/);
    expect(parseUptime('350735.47 234388.90')).toBe(350_735);
    expect(() => parseUptime('up 3 days')).toThrow(/expected two numbers/);
    expect(parseCpu('4', 'processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Gold 6338\nprocessor\t: 1')).toEqual(
      {
        model: 'Intel(R) Xeon(R) Gold 6338',
        cores: 4,
      },
    );
    expect(parseCpu('', 'processor : 0\nprocessor : 1\nHardware : BCM2835')).toEqual({
      model: 'BCM2835',
      cores: 2,
    });
    expect(() => parseCpu('', '')).toThrow(/number of CPUs/);
    expect(parseMeminfo('MemTotal:  1000 kB\nMemFree: 500 kB\nSwapTotal: 0 kB')).toEqual({
      totalBytes: 1_024_000,
      availableBytes: 512_000,
      swapTotalBytes: 0,
      swapFreeBytes: 0,
    });
    expect(() => parseMeminfo('MemTotal: lots')).toThrow(/no MemTotal/);
  });
});

describe('storage and network sections', () => {
  it('keeps a container overlay root, drops other overlays, and counts a bind-mounted device once', () => {
    const df = [
      'Filesystem     Type     1-blocks      Used Available Capacity Mounted on',
      'overlay        overlay 100000000  50000000  50000000      50% /',
      'overlay        overlay 100000000  50000000  50000000      50% /var/lib/docker/overlay2/abc/merged',
      '/dev/vdb1      xfs     200000000 100000000 100000000      50% /srv/data dir',
      '/dev/vdb1      xfs     200000000 100000000 100000000      50% /srv/data dir/bound',
      'nas:/export    nfs4    300000000 100000000 200000000      34% /mnt/nas',
    ].join('\n');
    const { filesystems, problem } = parseDf(df);
    expect(problem).toBeUndefined();
    expect(filesystems.map((fs) => fs.mountpoint)).toEqual(['/', '/mnt/nas', '/srv/data dir']);
  });

  it('reads ip -o addr when iproute2 has no JSON, keeping global addresses', () => {
    const text = [
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '2: ens18    inet 198.18.1.13/24 brd 198.18.1.255 scope global ens18\\       valid_lft forever',
      '2: ens18    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever',
      '3: ens19    inet6 2001:db8::23/64 scope global \\       valid_lft forever preferred_lft forever',
    ].join('\n');
    expect(parseAddresses(text).addresses).toEqual([
      { interface: 'ens18', address: '198.18.1.13/24', family: 'inet' },
      { interface: 'ens19', address: '2001:db8::23/64', family: 'inet6' },
    ]);
    expect(() => parseAddresses('[{"ifname": "eth0", "addr_info": [')).toThrow(/invalid JSON/);
  });

  it('reads ss endpoints in every form', () => {
    const text = [
      'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess',
      'udp   UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:*    users:(("systemd-resolve",pid=512,fd=13))',
      'tcp   LISTEN 0      511              *:80              *:*    users:(("nginx",pid=900,fd=6),("nginx",pid=901,fd=6))',
      'tcp   LISTEN 0      511           [::]:443          [::]:*',
      'tcp   LISTEN 0      511           [::]:443          [::]:*',
    ].join('\n');
    expect(parseListening(text).listening).toEqual([
      { protocol: 'udp', address: '127.0.0.53', port: 53, process: 'systemd-resolve', pid: 512 },
      { protocol: 'tcp', address: '*', port: 80, process: 'nginx', pid: 900 },
      { protocol: 'tcp', address: '::', port: 443, process: undefined, pid: undefined },
    ]);
  });
});

describe('services and packages', () => {
  it('reads running systemd units', () => {
    const text = [
      'cron.service                loaded active running Regular background program processing daemon',
      'postgresql@15-main.service  loaded active running PostgreSQL Cluster 15-main',
      'ssh.service                 loaded active running OpenBSD Secure Shell server',
    ].join('\n');
    expect(parseSystemdUnits(text).services).toEqual([
      { name: 'cron', source: 'systemd' },
      { name: 'postgresql@15-main', source: 'systemd' },
      { name: 'ssh', source: 'systemd' },
    ]);
  });

  it('keeps known daemons of the session’s network namespace only, when it could be read', () => {
    const processes = '  1 init\n 10 sshd\n 20 nginx\n 21 nginx\n 30 postgres\n 40 bash\n 50 php-fpm8.2';
    const netns =
      'self net:[100]\n/proc/1/ns/net \n/proc/10/ns/net net:[100]\n/proc/20/ns/net net:[100]\n/proc/30/ns/net net:[200]';
    expect(parseProcessServices(processes, netns).services.map((s) => s.name)).toEqual([
      'nginx',
      'php-fpm8.2',
      'sshd',
    ]);
    // Without root the namespaces are unknown: every known daemon counts.
    expect(parseProcessServices(processes, 'self net:[100]').services.map((s) => s.name)).toEqual([
      'nginx',
      'php-fpm8.2',
      'postgres',
      'sshd',
    ]);
  });

  it('reads dpkg and rpm listings, leaving out removed packages and gpg keys', () => {
    const dpkg = 'ii \tnginx\t1.22.1-9\tamd64\nrc \told-thing\t1.0\tamd64\nii \tlibc6\t2.36-9+deb12u7\tamd64';
    expect(parseDpkg(dpkg)).toEqual({
      packages: [
        { name: 'libc6', version: '2.36-9+deb12u7', architecture: 'amd64' },
        { name: 'nginx', version: '1.22.1-9', architecture: 'amd64' },
      ],
      problem: undefined,
    });
    const rpm =
      'bash\t(none):5.1.8-9.el9\tx86_64\nshim-x64\t1:15.8-4.el9\tx86_64\ngpg-pubkey\t(none):350d275d-6279464b\t(none)';
    expect(parseRpm(rpm).packages).toEqual([
      { name: 'bash', version: '5.1.8-9.el9', architecture: 'x86_64' },
      { name: 'shim-x64', version: '1:15.8-4.el9', architecture: 'x86_64' },
    ]);
    // A listing cut in the middle of a line: the last one is not understood, the rest is kept.
    const truncated = parseDpkg(`${dpkg}\nii \tzlib1g\t1:1.2`);
    expect(truncated.packages).toHaveLength(2);
    // Control characters (tabs included) are shown as "?" in messages.
    expect(truncated.problem).toBe('1 line not understood, the first: "ii ?zlib1g?1:1.2"');
  });

  it('reads the pending reboot', () => {
    expect(parseReboot('required\nlinux-image-6.1.0-27-amd64\nlibc6')).toEqual({
      required: true,
      packages: ['linux-image-6.1.0-27-amd64', 'libc6'],
    });
    expect(parseReboot('none')).toEqual({ required: false, packages: [] });
    expect(() => parseReboot('maybe')).toThrow(/expected "required" or "none"/);
  });
});
