/**
 * What Vigie knows about a host from looking at it: the shape `vigie facts` stores (one snapshot per
 * gathering, kept with history) and drift detection compares with the inventory. Sizes are bytes,
 * durations seconds, instants ISO 8601 UTC.
 */

export interface HostFacts {
  /** Inventory id of the host (VM or device). */
  readonly host: string;
  readonly gatheredAt: string;
  readonly os: OsFacts;
  readonly kernel: string;
  readonly uptimeSeconds: number;
  readonly cpu: CpuFacts;
  readonly memory: MemoryFacts;
  readonly filesystems: readonly FilesystemFacts[];
  readonly addresses: readonly AddressFacts[];
  readonly listening: readonly ListeningSocket[];
  /** Services seen running (systemd units where there is systemd, otherwise known daemons seen in the process list). */
  readonly services: readonly RunningService[];
  readonly packages: readonly InstalledPackage[];
  readonly reboot: RebootFacts;
  /** Sections that could not be read, each with why: the rest of the snapshot still stands. */
  readonly problems: readonly FactProblem[];
}

export interface OsFacts {
  /** `ID` of /etc/os-release: `debian`, `ubuntu`, `rocky`. */
  readonly id: string;
  /** `VERSION_ID`: `12`. */
  readonly version: string;
  /** `PRETTY_NAME`: `Debian GNU/Linux 12 (bookworm)`. */
  readonly name: string;
}

export interface CpuFacts {
  readonly model: string;
  readonly cores: number;
  readonly architecture: string;
}

export interface MemoryFacts {
  readonly totalBytes: number;
  readonly availableBytes: number;
  readonly swapTotalBytes: number;
  readonly swapFreeBytes: number;
}

export interface FilesystemFacts {
  readonly mountpoint: string;
  readonly device: string;
  readonly type: string;
  readonly sizeBytes: number;
  readonly usedBytes: number;
  readonly availableBytes: number;
}

export interface AddressFacts {
  readonly interface: string;
  /** With its prefix length: `198.18.1.13/24`. */
  readonly address: string;
  readonly family: 'inet' | 'inet6';
}

export interface ListeningSocket {
  readonly protocol: 'tcp' | 'udp';
  /** Local address as reported (`0.0.0.0`, `::`, `198.18.2.13`, `127.0.0.1`). */
  readonly address: string;
  readonly port: number;
  /** Process name (`nginx`, `postgres`), when the socket's owner could be read. */
  readonly process: string | undefined;
  readonly pid: number | undefined;
}

export interface RunningService {
  /** `nginx`, `postgresql`, `sshd`... as the host names it (unit name without `.service`, or process name). */
  readonly name: string;
  readonly source: 'systemd' | 'process';
}

export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly architecture: string;
}

export interface RebootFacts {
  readonly required: boolean;
  /** Packages that asked for it (/var/run/reboot-required.pkgs), when known. */
  readonly packages: readonly string[];
}

export interface FactProblem {
  /** The section that could not be read: `packages`, `listening`... */
  readonly section: string;
  readonly message: string;
}

/** A difference between what a host shows and what the inventory declares. */
export interface DriftFinding {
  readonly host: string;
  /** Stable id of the kind of drift. */
  readonly kind:
    | 'undeclared_port'
    | 'declared_port_closed'
    | 'service_not_running'
    | 'memory_mismatch'
    | 'cpu_mismatch'
    | 'address_missing'
    | 'undeclared_address'
    | 'os_mismatch'
    | 'disk_mismatch';
  readonly severity: 'warning' | 'critical' | 'info';
  /** Which inventory object it concerns (a service, the VM itself), when one does. */
  readonly object: { readonly kind: string; readonly key: string } | undefined;
  /** For people: what differs, with both values. */
  readonly message: string;
  /** For people: what to do about it (declare it in the inventory, stop it, fix the VM...). */
  readonly action: string;
  /** Values behind the message: declared and observed. */
  readonly details: Readonly<Record<string, unknown>>;
}
