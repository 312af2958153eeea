/**
 * The lab's planted update situation for tests: the lab apt repository back to its default state and
 * every VM back to its baseline packages (lab/apt-repo.ts), and publishing new versions into it.
 */
import {
  type LabPackage,
  publishLabPackage,
  resetLabAptRepo,
  resetLabVmPackages,
} from '../../lab/apt-repo.js';
import { hostHasOwnRoot } from '../../lab/vm-root.js';
import type { Lab } from './lab.js';

/**
 * After this, with `apt-get update`: db03 has two pending updates (vigie-lab-libssl from the security
 * suite, fixing CVE-2026-11111; vigie-lab-tool 1.1, which needs a reboot), host03 one, host04 none.
 */
export async function plantLabUpdates(lab: Lab): Promise<void> {
  await resetLabAptRepo(lab.paths);
  await Promise.all(lab.hosts.filter(hostHasOwnRoot).map((host) => resetLabVmPackages(lab.paths, host)));
}

/** Publishes a package version into the lab repository (seen by a VM after its next `apt-get update`). */
export function publishLabUpdate(lab: Lab, pkg: LabPackage): Promise<void> {
  return publishLabPackage(lab.paths, pkg);
}
