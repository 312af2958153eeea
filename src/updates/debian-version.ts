/**
 * Debian version comparison, as dpkg does it (`dpkg --compare-versions`): epoch, then upstream version,
 * then Debian revision, each compared by dpkg's `verrevcmp` (letters before other characters, `~`
 * before everything, even the end of the string; digit runs compared as numbers).
 */
import { AppError } from '../errors/app-error.js';

export interface DebianVersion {
  readonly epoch: number;
  readonly upstream: string;
  readonly revision: string;
}

/** Splits `[epoch:]upstream[-revision]`; throws BAD_INPUT on what dpkg would refuse to compare. */
export function parseDebianVersion(text: string): DebianVersion {
  const version = text.trim();
  const colon = version.indexOf(':');
  let epoch = 0;
  let rest = version;
  if (colon !== -1) {
    const epochText = version.slice(0, colon);
    if (!/^\d+$/.test(epochText)) throw badVersion(text, 'its epoch (before ":") is not a number');
    epoch = Number(epochText);
    rest = version.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  const upstream = dash === -1 ? rest : rest.slice(0, dash);
  const revision = dash === -1 ? '' : rest.slice(dash + 1);
  if (upstream === '') throw badVersion(text, 'it has no upstream version');
  if (!/^[0-9]/.test(upstream)) throw badVersion(text, 'its upstream version does not start with a digit');
  if (/[^A-Za-z0-9.+~:-]/.test(upstream) || /[^A-Za-z0-9.+~]/.test(revision)) {
    throw badVersion(text, 'it holds a character Debian versions never use');
  }
  return { epoch, upstream, revision };
}

function badVersion(text: string, why: string): AppError {
  return new AppError('BAD_INPUT', `"${text}" is not a Debian version: ${why}`, {
    hint: 'Debian versions look like 1.2.3-1, 2:4.5~rc1-0+deb12u1 ([epoch:]upstream[-revision]).',
    details: { version: text },
  });
}

/** dpkg's weight of a character in a non-digit run: `~` lowest, then the end, letters, then the rest. */
function order(code: number | undefined): number {
  if (code === undefined) return 0;
  if (code >= 48 && code <= 57) return 0;
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) return code;
  if (code === 126) return -1;
  return code + 256;
}

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= 48 && code <= 57;
}

/** dpkg's verrevcmp: negative, zero or positive as `a` is lower than, equal to or higher than `b`. */
function compareParts(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const ac = order(i < a.length ? a.charCodeAt(i) : undefined);
      const bc = order(j < b.length ? b.charCodeAt(j) : undefined);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a.charCodeAt(i) === 48) i++;
    while (b.charCodeAt(j) === 48) j++;
    while (isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (isDigit(a.charCodeAt(i))) return 1;
    if (isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/**
 * Compares two Debian versions: -1, 0 or 1.
 * Example: `compareDebianVersions('1.0', '1.0+deb12u1') === -1`, `compareDebianVersions('1.0~rc1', '1.0') === -1`.
 */
export function compareDebianVersions(a: string, b: string): -1 | 0 | 1 {
  const left = parseDebianVersion(a);
  const right = parseDebianVersion(b);
  const result =
    left.epoch !== right.epoch
      ? left.epoch - right.epoch
      : compareParts(left.upstream, right.upstream) || compareParts(left.revision, right.revision);
  return result < 0 ? -1 : result > 0 ? 1 : 0;
}
