/** Machine drift: memory, vCPUs and operating system declared in the inventory against what the host reports. */
import { formatSize } from '../../inventory/schema/units.js';
import type { OS_FAMILIES } from '../../inventory/schema/vm.js';
import type { DriftFinding, HostFacts } from '../model.js';
import { type DeclaredHost, hostName, sourceLine } from './drift-inventory.js';

/**
 * How far MemTotal may sit from the declared memory before it is drift. MemTotal is always a little
 * below what the hypervisor gives (the kernel and firmware keep their part: 2 to 4% on 16GiB, more on
 * small VMs); a VM resized without the inventory differs by far more.
 */
export const MEMORY_TOLERANCE = 0.1;

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Declared memory (VMs, and devices that declare it) against MemTotal. */
export function memoryMismatch(host: DeclaredHost, facts: HostFacts): DriftFinding[] {
  const declared = host.spec.memory;
  const observed = facts.memory.totalBytes;
  if (declared === undefined || !(observed > 0)) return [];
  const difference = (observed - declared) / declared;
  if (Math.abs(difference) <= MEMORY_TOLERANCE) return [];
  const percent = Math.round(difference * 100);
  const suggested = formatSize(roundedMemory(observed));
  const where = host.kind === 'vm' ? `the VM's memory on ${host.spec.hypervisor}` : 'the installed memory';
  return [
    {
      host: host.key,
      kind: 'memory_mismatch',
      severity: 'warning',
      object: { kind: host.kind, key: host.key },
      message:
        `${hostName(host)} reports ${formatSize(observed)} of memory (MemTotal), the inventory declares ` +
        `${formatSize(declared)}: ${percent > 0 ? '+' : ''}${percent}%, beyond the ${MEMORY_TOLERANCE * 100}% the kernel's own share explains.`,
      action: `Fix ${where} (declared ${formatSize(declared)}), or change memory: of ${host.key} to ${suggested} in ${sourceLine(host.source)}.`,
      details: {
        declaredBytes: declared,
        observedBytes: observed,
        differencePercent: percent,
        tolerancePercent: MEMORY_TOLERANCE * 100,
        suggested,
        source: host.source,
      },
    },
  ];
}

/** What to write in the inventory for a MemTotal: rounded up to the GiB (to 256MiB below 4GiB). */
function roundedMemory(totalBytes: number): number {
  const step = totalBytes < 4 * GiB ? 256 * MiB : GiB;
  return Math.ceil(totalBytes / step) * step;
}

/** A VM's vCPUs against the processors the guest sees. Devices declare physical cores, which threads blur: not compared. */
export function cpuMismatch(host: DeclaredHost, facts: HostFacts): DriftFinding[] {
  if (host.kind !== 'vm' || !(facts.cpu.cores > 0) || facts.cpu.cores === host.spec.vcpu) return [];
  return [
    {
      host: host.key,
      kind: 'cpu_mismatch',
      severity: 'warning',
      object: { kind: 'vm', key: host.key },
      message: `${hostName(host)} sees ${facts.cpu.cores} processors, the inventory declares ${host.spec.vcpu} vCPUs.`,
      action: `Fix the VM's vCPUs on ${host.spec.hypervisor} (declared ${host.spec.vcpu}), or change vcpu: of ${host.key} to ${facts.cpu.cores} in ${sourceLine(host.source)}.`,
      details: { declared: host.spec.vcpu, observed: facts.cpu.cores, source: host.source },
    },
  ];
}

type OsFamily = (typeof OS_FAMILIES)[number];

/** The os-release `ID`s of each family; `other` and `windows` are not compared. */
const OS_RELEASE_IDS: Readonly<Record<OsFamily, readonly string[] | undefined>> = {
  debian: ['debian'],
  ubuntu: ['ubuntu'],
  rhel: ['rhel'],
  rocky: ['rocky'],
  almalinux: ['almalinux'],
  centos: ['centos'],
  suse: ['sles', 'sled', 'opensuse', 'opensuse-leap', 'opensuse-tumbleweed'],
  alpine: ['alpine'],
  freebsd: ['freebsd'],
  windows: undefined,
  other: undefined,
};

function familyOf(osReleaseId: string): OsFamily | undefined {
  const entry = Object.entries(OS_RELEASE_IDS).find(([, ids]) => ids?.includes(osReleaseId));
  return entry?.[0] as OsFamily | undefined;
}

/** Whether two versions agree on the parts both give: `12` and `12.5`, `9` and `9.3`, `22.04` and `22.04`. */
export function versionsAgree(declared: string, observed: string): boolean {
  const a = declared.split('.');
  const b = observed.split('.');
  const shared = Math.min(a.length, b.length);
  return a.slice(0, shared).every((part, index) => Number(part) === Number(b[index]) || part === b[index]);
}

/** A VM's declared `os` against /etc/os-release (`ID`, `VERSION_ID`). */
export function osMismatch(host: DeclaredHost, facts: HostFacts): DriftFinding[] {
  if (host.kind !== 'vm' || facts.os.id === '' || facts.os.id === 'unknown') return [];
  const declared = host.spec.os;
  const ids = OS_RELEASE_IDS[declared.family];
  if (ids === undefined) return [];
  const familyAgrees = ids.includes(facts.os.id);
  const versionAgrees = facts.os.version === '' || versionsAgree(String(declared.version), facts.os.version);
  if (familyAgrees && versionAgrees) return [];
  const observed = `${facts.os.id} ${facts.os.version}`.trim();
  const family = familyAgrees ? declared.family : (familyOf(facts.os.id) ?? facts.os.id);
  return [
    {
      host: host.key,
      kind: 'os_mismatch',
      severity: 'warning',
      object: { kind: 'vm', key: host.key },
      message: `${hostName(host)} runs ${facts.os.name || observed} (${observed}), the inventory declares ${declared.family} ${declared.version}.`,
      action:
        `If ${host.key} was upgraded or reinstalled, set os: { family: ${family}, version: ${facts.os.version || declared.version} } ` +
        `in ${sourceLine(host.source)}; otherwise check that Vigie reaches the right machine.`,
      details: {
        declaredFamily: declared.family,
        declaredVersion: String(declared.version),
        observedId: facts.os.id,
        observedVersion: facts.os.version,
        observedName: facts.os.name,
        source: host.source,
      },
    },
  ];
}
