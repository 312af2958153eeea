/**
 * Parsers of running services: systemd's running units where systemd is PID 1, otherwise the known
 * daemons in the process list (only those in the session's network namespace when it could be read,
 * so that a container's or a neighbouring namespace's daemons are not counted as the host's).
 */
import type { RunningService } from '../model.js';
import { linesOf, parseLines, SectionUnreadable, wholeNumber } from './split-sections.js';

/** `ssh.service loaded active running OpenBSD Secure Shell server` → `ssh`. */
export function parseSystemdUnits(text: string): {
  readonly services: RunningService[];
  readonly problem: string | undefined;
} {
  const { items, problem } = parseLines(text, (line): RunningService | 'unreadable' => {
    const match = /^\s*([\w@:.\\-]+)\.service\s+\S+\s+active\s+running(?:\s|$)/.exec(line);
    if (match?.[1] === undefined) return 'unreadable';
    return { name: match[1], source: 'systemd' };
  });
  if (items.length === 0 && problem !== undefined) throw new SectionUnreadable(problem);
  return { services: unique(items), problem };
}

/**
 * Process names (`comm`, at most 15 characters) of daemons worth listing; anything else in the process
 * list (shells, workers, the facts script itself) is not a service.
 */
const KNOWN_DAEMONS: readonly RegExp[] = [
  /^sshd$/,
  /^nginx$/,
  /^apache2$/,
  /^httpd$/,
  /^caddy$/,
  /^haproxy$/,
  /^lighttpd$/,
  /^varnishd$/,
  /^php-fpm[\d.]*$/,
  /^postgres$/,
  /^mariadbd$/,
  /^mysqld$/,
  /^redis-server$/,
  /^memcached$/,
  /^named$/,
  /^unbound$/,
  /^dnsmasq$/,
  /^chronyd$/,
  /^ntpd$/,
  /^cron$/,
  /^crond$/,
  /^dockerd$/,
  /^containerd$/,
  /^dovecot$/,
  /^exim4$/,
  /^rsyslogd$/,
  /^openvpn$/,
  /^charon$/,
  /^fail2ban-server$/,
  /^zabbix_agent[d2]$/,
  /^node_exporter$/,
  /^keepalived$/,
  /^snmpd$/,
  /^slapd$/,
  /^smbd$/,
  /^squid$/,
  /^pveproxy$/,
  /^pvedaemon$/,
  /^pvestatd$/,
];

/**
 * Known daemons among `ps -e -o pid= -o comm=` lines; `netnsText` (`self net:[N]` then
 * `/proc/PID/ns/net net:[M]` lines) keeps only processes in the session's namespace, when it lists them.
 */
export function parseProcessServices(
  processesText: string,
  netnsText: string,
): { readonly services: RunningService[]; readonly problem: string | undefined } {
  const { items, problem } = parseLines(
    processesText,
    (line): { pid: number; comm: string } | 'unreadable' => {
      const match = /^\s*(\d+)\s+(\S.*)$/.exec(line);
      const pid = wholeNumber(match?.[1]);
      if (pid === undefined || match?.[2] === undefined) return 'unreadable';
      return { pid, comm: match[2].trim() };
    },
  );
  if (items.length === 0) throw new SectionUnreadable(problem ?? 'the process list is empty');
  const namespaces = namespacesOf(netnsText);
  const inSession = (pid: number): boolean => {
    if (namespaces === undefined) return true;
    const ns = namespaces.byPid.get(pid);
    // A process that ended meanwhile, or one whose namespace could not be read, is given the benefit of the doubt.
    return ns === undefined || ns === '' || ns === namespaces.self;
  };
  const services = items
    .filter((process) => KNOWN_DAEMONS.some((daemon) => daemon.test(process.comm)) && inSession(process.pid))
    .map((process): RunningService => ({ name: process.comm, source: 'process' }));
  return { services: unique(services), problem };
}

function namespacesOf(
  text: string,
): { readonly self: string; readonly byPid: ReadonlyMap<number, string> } | undefined {
  let self: string | undefined;
  const byPid = new Map<number, string>();
  for (const line of linesOf(text)) {
    const selfMatch = /^self (net:\[\d+\])$/.exec(line);
    if (selfMatch?.[1] !== undefined) self = selfMatch[1];
    const match = /^\/proc\/(\d+)\/ns\/net ?(net:\[\d+\])?$/.exec(line);
    const pid = wholeNumber(match?.[1]);
    if (pid !== undefined) byPid.set(pid, match?.[2] ?? '');
  }
  // Without root the list is empty: every process counts, as the session cannot tell them apart.
  return self === undefined || byPid.size === 0 ? undefined : { self, byPid };
}

function unique(services: readonly RunningService[]): RunningService[] {
  const byName = new Map(services.map((service) => [service.name, service]));
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
