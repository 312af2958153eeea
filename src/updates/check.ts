/**
 * `vigie updates`: checks hosts over SSH now (refresh the lists unless told not to, read pending
 * updates, add the security feed's CVEs), stores each host's snapshot, and isolates each host's
 * failure: one unreachable host does not stop the others, and its error says where and why.
 */
import { AppError, isAppError } from '../errors/app-error.js';
import { getInventoryObjects } from '../inventory/service.js';
import { remoteHostFromInventory } from '../remote/inventory-host.js';
import type { RemoteHost, SshRunner } from '../remote/remote-host.js';
import type { CoreDeps } from '../runtime/deps.js';
import { maxUrgency } from './apt-output.js';
import { aptPackageManager } from './apt-package-manager.js';
import { compareDebianVersions } from './debian-version.js';
import { dnfPackageManager } from './dnf-package-manager.js';
import type {
  CveReference,
  HostCheckOutcome,
  OsRelease,
  PackageManagerReading,
  PendingUpdate,
} from './model.js';
import {
  type HostSession,
  type PackageManager,
  packageManagerKindFor,
  parseOsRelease,
} from './package-manager.js';
import { stdoutOrFail } from './remote-result.js';
import { feedEntriesFor } from './security-feed.js';
import { recordCheck, recordFailedCheck } from './store.js';

export interface CheckUpdatesInput {
  /** Inventory ids; empty: every host `updatableHosts` lists. */
  readonly hosts: readonly string[];
  /** Run `apt-get update` first (the default); false reads the lists the host has. */
  readonly refresh: boolean;
  readonly actor: string;
}

const MANAGERS: Record<string, PackageManager> = { apt: aptPackageManager, dnf: dnfPackageManager };
const PACKAGE_MANAGED_FAMILIES = ['debian', 'ubuntu', 'rhel', 'rocky', 'almalinux', 'centos'];

/** VMs of a Linux family with a package manager Vigie reads, and devices with an `ssh` section. */
export async function updatableHosts(deps: Pick<CoreDeps, 'store'>): Promise<string[]> {
  const vms = await getInventoryObjects<{ os?: { family?: string } }>(deps, 'vm');
  const devices = await getInventoryObjects<{ ssh?: unknown }>(deps, 'device');
  return [
    ...vms.filter((vm) => PACKAGE_MANAGED_FAMILIES.includes(vm.spec.os?.family ?? '')).map((vm) => vm.key),
    ...devices.filter((device) => device.spec.ssh !== undefined).map((device) => device.key),
  ].sort();
}

/** Checks each host now; resolves with one outcome per host, failed or not. */
export async function checkUpdates(
  deps: CoreDeps & { readonly runner: SshRunner },
  input: CheckUpdatesInput,
): Promise<HostCheckOutcome[]> {
  const hosts = input.hosts.length > 0 ? [...new Set(input.hosts)] : await updatableHosts(deps);
  if (hosts.length === 0) {
    throw new AppError(
      'NOT_FOUND',
      'No host to check: the inventory has no Linux VM nor device with SSH access.',
      {
        hint: 'Name hosts (vigie updates db03 host03), or apply an inventory with VMs first.',
      },
    );
  }
  return Promise.all(hosts.map((host) => checkOneHost(deps, host, input)));
}

async function checkOneHost(
  deps: CoreDeps & { readonly runner: SshRunner },
  name: string,
  input: CheckUpdatesInput,
): Promise<HostCheckOutcome> {
  try {
    const host = await remoteHostFromInventory(deps, name);
    const session = sessionFor(deps.runner, host, input.actor);
    const os = parseOsRelease(
      stdoutOrFail(
        await session.run({ argv: ['cat', '/etc/os-release'], label: 'updates: os-release' }),
        'Reading /etc/os-release',
        'Vigie reads updates from Linux hosts with apt or dnf; check the host is one.',
      ),
    );
    const kind = packageManagerKindFor(os);
    const manager = kind === undefined ? undefined : MANAGERS[kind];
    if (kind === undefined || manager === undefined) {
      throw new AppError(
        'BAD_INPUT',
        `${name} runs ${os.id || 'an unknown OS'}, whose package manager Vigie does not read.`,
        {
          hint: 'Vigie reads apt (Debian, Ubuntu) and dnf (RHEL, Rocky, Alma) hosts; leave this host out of `vigie updates`.',
          details: { host: name, os },
        },
      );
    }
    if (input.refresh) await manager.refresh(session);
    const reading = await withFeedCves(deps, os, await manager.read(session, os));
    const snapshot = await recordCheck(deps, {
      host: name,
      checkedAt: deps.clock.now().toISOString(),
      manager: kind,
      os,
      refreshed: input.refresh,
      reading,
      actor: input.actor,
    });
    return { host: name, ok: true, snapshot };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const failure = {
      host: name,
      checkedAt: deps.clock.now().toISOString(),
      code: error.code,
      // Every failure names its host, even when the layer that failed (secrets, allowlist) did not.
      message: error.message.includes(name) ? error.message : `${name}: ${error.message}`,
      hint: error.hint ?? null,
    };
    await recordFailedCheck(deps, { ...failure, actor: input.actor });
    return { host: name, ok: false, failure };
  }
}

function sessionFor(runner: SshRunner, host: RemoteHost, actor: string): HostSession {
  return {
    host: host.name,
    run: (command, options = {}) =>
      runner.run(host, command, { actor, category: 'update', timeoutMs: options.timeoutMs }),
  };
}

/**
 * Adds the CVEs of the imported feed: a CVE applies to an update when the installed version is older
 * than the version that fixes it, and the candidate is that version or newer.
 */
async function withFeedCves(
  deps: Pick<CoreDeps, 'store'>,
  os: OsRelease,
  reading: PackageManagerReading,
): Promise<PackageManagerReading> {
  if (os.codename === '' || reading.updates.length === 0) return reading;
  const entries = await feedEntriesFor(
    deps,
    os.codename,
    reading.updates.map((update) => update.sourcePackage),
  );
  if (entries.length === 0) return reading;
  const updates = reading.updates.map((update): PendingUpdate => {
    const applying = entries.filter(
      (entry) =>
        entry.sourcePackage === update.sourcePackage &&
        fixedBy(update.currentVersion, entry.fixedVersion, update.candidateVersion),
    );
    if (applying.length === 0) return update;
    const cves = new Map<string, CveReference>(update.cves.map((cve) => [cve.id, cve]));
    for (const entry of applying) {
      const known = cves.get(entry.cve);
      cves.set(entry.cve, { id: entry.cve, from: known === undefined ? ['feed'] : [...known.from, 'feed'] });
    }
    return {
      ...update,
      cves: [...cves.values()].sort((a, b) => a.id.localeCompare(b.id)),
      urgency: applying.reduce((worst, entry) => maxUrgency(worst, entry.urgency), update.urgency),
    };
  });
  return { ...reading, updates };
}

function fixedBy(installed: string | null, fixed: string, candidate: string): boolean {
  try {
    return (
      (installed === null || compareDebianVersions(installed, fixed) < 0) &&
      compareDebianVersions(fixed, candidate) <= 0
    );
  } catch {
    return false;
  }
}
