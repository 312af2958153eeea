/**
 * Holds the rack lab for the benchmark the way the test fixture does (test/support/lab.ts): brings it up
 * under the lab lock if needed, takes a lease, and at the end takes it down only if the benchmark
 * brought it up and no other process holds a lease.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bringLabUp, type LabDeps, takeLabDown, withLabLock } from '../../lab/lab.js';
import { labDirFromEnv, labPaths } from '../../lab/paths.js';
import { isAlive } from '../../lab/processes.js';
import { readLabStatus } from '../../lab/status.js';

/** Runs `work` with the lab up; `log` receives the lab's progress lines. */
export async function withLabLease<T>(
  log: (line: string) => void,
  work: (deps: LabDeps) => Promise<T>,
): Promise<T> {
  const paths = labPaths(labDirFromEnv(process.env));
  const deps: LabDeps = { paths, log };
  // The fixture reads the pid from the lease's name: keep it first.
  const lease = path.join(paths.leasesDir, `${process.pid}-bench.lease`);
  let broughtUp = false;
  await withLabLock(paths.lockFile, async () => {
    broughtUp = !(await readLabStatus(paths)).up;
    const status = await bringLabUp(deps);
    if (!status.up) throw new Error('The lab did not come up: see `npm run lab:status`.');
    fs.mkdirSync(paths.leasesDir, { recursive: true });
    fs.writeFileSync(lease, String(process.pid));
  });
  try {
    return await work(deps);
  } finally {
    await withLabLock(paths.lockFile, async () => {
      fs.rmSync(lease, { force: true });
      const others = fs.existsSync(paths.leasesDir)
        ? fs
            .readdirSync(paths.leasesDir)
            .filter(
              (name) => isAlive(Number.parseInt(name, 10)) && path.join(paths.leasesDir, name) !== lease,
            )
        : [];
      if (broughtUp && others.length === 0) await takeLabDown(deps);
    });
  }
}
