/**
 * Turns the whole output of the facts script into `HostFacts`: each section through its own parser, a
 * section that cannot be read becoming a `problems` entry while the rest still stands. Only an output
 * with no section at all, or cut before its end, is refused as a whole.
 */
import { AppError } from '../../errors/app-error.js';
import type { FactSection } from '../gather-script.js';
import type { CpuFacts, FactProblem, HostFacts, OsFacts, RebootFacts } from '../model.js';
import { parseDf } from './filesystems.js';
import { parseAddresses, parseListening } from './network.js';
import { parseDpkg, parseReboot, parseRpm } from './packages.js';
import { parseProcessServices, parseSystemdUnits } from './services.js';
import { quoteLine, type RawSection, SectionUnreadable, splitSections } from './split-sections.js';
import { parseCpu, parseMeminfo, parseOsRelease, parseUname, parseUptime } from './system.js';

export interface FactsOutput {
  readonly host: string;
  readonly gatheredAt: string;
  readonly stdout: string;
}

const UNKNOWN_OS: OsFacts = { id: 'unknown', version: '', name: 'unknown' };

/** Problems name the part of `HostFacts` they concern, not the script's section. */
const FIELD_OF: Readonly<Record<FactSection, string>> = {
  privilege: 'listening',
  os: 'os',
  kernel: 'kernel',
  uptime: 'uptime',
  nproc: 'cpu',
  cpuinfo: 'cpu',
  meminfo: 'memory',
  df: 'filesystems',
  addresses: 'addresses',
  listening: 'listening',
  systemd: 'services',
  processes: 'services',
  netns: 'services',
  dpkg: 'packages',
  rpm: 'packages',
  reboot: 'reboot',
};

/** Parses the script's output; throws a located AppError when nothing usable came back. */
export function factsFromOutput({ host, gatheredAt, stdout }: FactsOutput): HostFacts {
  const { sections, complete } = splitSections(stdout);
  if (sections.size === 0) {
    throw new AppError('REMOTE_FAILED', `The facts of ${host} could not be read: its output has no section`, {
      hint: `Run "sh -s" by hand on ${host} as the SSH user and look at what prints before or instead of the facts (a login script, a restricted shell).`,
      details: { host, start: quoteLine(stdout.slice(0, 200)) },
    });
  }
  if (!complete) {
    const last = [...sections.keys()].at(-1);
    throw new AppError('REMOTE_FAILED', `The facts of ${host} were cut short after the "${last}" section`, {
      hint: `The connection to ${host} dropped or the output was too large; gather again, and look at ${host} if it keeps happening.`,
      details: { host, sectionsRead: [...sections.keys()] },
    });
  }

  const problems: FactProblem[] = [];
  const problem = (name: FactSection, message: string): void => {
    problems.push({ section: FIELD_OF[name], message });
  };
  const read = <T>(name: FactSection, fallback: T, parse: (section: RawSection) => T): T => {
    const section = sections.get(name);
    if (section === undefined) {
      problem(name, 'missing from the output');
      return fallback;
    }
    if (section.status !== 0) {
      const why = section.stderr === '' ? '' : `: ${quoteLine(section.stderr)}`;
      problem(name, `the command failed (exit ${section.status ?? '?'})${why}`);
      // Whatever it printed before failing may still be good (`ss` listing, then an error).
      if (section.text.trim() === '') return fallback;
    }
    try {
      return parse(section);
    } catch (error) {
      if (!(error instanceof SectionUnreadable)) throw error;
      problem(name, error.message);
      return fallback;
    }
  };
  const withProblem = <T>(
    name: FactSection,
    parsed: { readonly problem: string | undefined },
    value: T,
  ): T => {
    if (parsed.problem !== undefined) problem(name, parsed.problem);
    return value;
  };

  const privilege = sections.get('privilege');
  const os = read('os', UNKNOWN_OS, (s) => parseOsRelease(s.text));
  const uname = read('kernel', { kernel: 'unknown', architecture: 'unknown' }, (s) => parseUname(s.text));
  const uptimeSeconds = read('uptime', 0, (s) => parseUptime(s.text));
  const cpuCount = read('cpuinfo', { model: 'unknown', cores: 0 }, (s) =>
    parseCpu(sections.get('nproc')?.text ?? '', s.text),
  );
  const cpu: CpuFacts = { ...cpuCount, architecture: uname.architecture };
  const memory = read(
    'meminfo',
    { totalBytes: 0, availableBytes: 0, swapTotalBytes: 0, swapFreeBytes: 0 },
    (s) => parseMeminfo(s.text),
  );
  const filesystems = read('df', [], (s) => {
    const parsed = parseDf(s.text);
    return withProblem('df', parsed, parsed.filesystems);
  });
  const addresses = read('addresses', [], (s) => {
    const parsed = parseAddresses(s.text);
    return withProblem('addresses', parsed, parsed.addresses);
  });
  const listening = read('listening', [], (s) => {
    const parsed = parseListening(s.text);
    return withProblem('listening', parsed, parsed.listening);
  });
  if (privilege?.text.trim() === 'none') {
    const why = privilege.stderr === '' ? '' : ` (${quoteLine(privilege.stderr)})`;
    problem(
      'privilege',
      `the processes behind the ports are unknown: the SSH user is not root and sudo -n was refused${why}`,
    );
  }
  const services = sections.has('systemd')
    ? read('systemd', [], (s) => {
        const parsed = parseSystemdUnits(s.text);
        return withProblem('systemd', parsed, parsed.services);
      })
    : read('processes', [], (s) => {
        const parsed = parseProcessServices(s.text, sections.get('netns')?.text ?? '');
        return withProblem('processes', parsed, parsed.services);
      });
  const packageSection = sections.has('dpkg') ? 'dpkg' : sections.has('rpm') ? 'rpm' : undefined;
  const packages =
    packageSection === undefined
      ? withProblem('dpkg', { problem: 'neither dpkg nor rpm was found on the host' }, [])
      : read(packageSection, [], (s) => {
          const parsed = packageSection === 'dpkg' ? parseDpkg(s.text) : parseRpm(s.text);
          return withProblem(packageSection, parsed, parsed.packages);
        });
  const reboot: RebootFacts = read('reboot', { required: false, packages: [] }, (s) => parseReboot(s.text));

  return {
    host,
    gatheredAt,
    os,
    kernel: uname.kernel,
    uptimeSeconds,
    cpu,
    memory,
    filesystems,
    addresses,
    listening,
    services,
    packages,
    reboot,
    problems,
  };
}
