/** Parsers of installed packages (dpkg on Debian and Ubuntu, rpm on RHEL-likes) and of the pending reboot. */
import type { InstalledPackage, RebootFacts } from '../model.js';
import { linesOf, parseLines, quoteLine, SectionUnreadable } from './split-sections.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;

interface ParsedPackages {
  readonly packages: InstalledPackage[];
  readonly problem: string | undefined;
}

/** `ii \tnginx\t1.22.1-9\tamd64`: installed packages only (not those removed with their configuration left). */
export function parseDpkg(text: string): ParsedPackages {
  const { items, problem } = parseLines(text, (line): InstalledPackage | undefined | 'unreadable' => {
    const [status, name, version, architecture, ...extra] = line.split('\t');
    if (status === undefined || extra.length > 0 || !/^[a-z ][a-zA-Z ][R ]?\s*$/.test(status))
      return 'unreadable';
    if (name === undefined || !NAME.test(name) || !version || !architecture) return 'unreadable';
    return status[1] === 'i' ? { name, version, architecture } : undefined;
  });
  return finish(items, problem);
}

/** `bash\t(none):5.1.8-9.el9\tx86_64` or with an epoch `1:...`; the gpg-pubkey pseudo-packages are left out. */
export function parseRpm(text: string): ParsedPackages {
  const { items, problem } = parseLines(text, (line): InstalledPackage | undefined | 'unreadable' => {
    const [name, version, architecture, ...extra] = line.split('\t');
    if (name === undefined || !NAME.test(name) || !version || !architecture || extra.length > 0)
      return 'unreadable';
    if (name === 'gpg-pubkey') return undefined;
    return { name, version: version.replace(/^\(none\):/, ''), architecture };
  });
  return finish(items, problem);
}

function finish(items: readonly InstalledPackage[], problem: string | undefined): ParsedPackages {
  if (items.length === 0) throw new SectionUnreadable(problem ?? 'the package manager listed no package');
  const packages = [...items].sort(
    (a, b) => a.name.localeCompare(b.name) || a.architecture.localeCompare(b.architecture),
  );
  return { packages, problem };
}

/** `none`, or `required` followed by the packages that asked for it (/var/run/reboot-required.pkgs). */
export function parseReboot(text: string): RebootFacts {
  const [first = '', ...rest] = linesOf(text).map((line) => line.trim());
  if (first === 'none') return { required: false, packages: [] };
  if (first !== 'required')
    throw new SectionUnreadable(`expected "required" or "none", got ${quoteLine(first)}`);
  return { required: true, packages: [...new Set(rest.filter((name) => NAME.test(name)))] };
}
