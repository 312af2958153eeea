/**
 * The rack lab as the outbound allowlist sees it: its address range, and the marker file that the
 * lab writes when it comes up and removes when it goes down. The allowlist entry `lab` admits the
 * range only while that file exists, checked at each connection.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The lab's addresses (RFC 2544 benchmarking range, never routed); lab/topology.ts uses the same. */
export const LAB_OUTBOUND_PREFIX = '198.18.0.0/16';

/** The lab's state directory when VIGIE_LAB_DIR does not name one. */
export const DEFAULT_LAB_DIR = '/var/lib/vigie-lab';

/** The allowlist entry that admits the lab; `lab:/path/to/marker` names another marker file. */
export const LAB_ENTRY = 'lab';

/** The marker file of a lab state directory: under run/, which `down` deletes. */
export function labUpMarkerFile(labDir: string): string {
  return path.join(labDir, 'run', 'lab-up');
}

/** The `lab:MARKER` entry that bare `lab` stands for, given the environment (VIGIE_LAB_DIR). */
export function expandLabEntry(env: NodeJS.ProcessEnv): string {
  const labDir = path.resolve(env.VIGIE_LAB_DIR || DEFAULT_LAB_DIR);
  return `${LAB_ENTRY}:${labUpMarkerFile(labDir)}`;
}

/** Whether the lab whose marker is `marker` is up now (a stat per call: the lab comes and goes). */
export function labIsUp(marker: string): boolean {
  return fs.existsSync(marker);
}
