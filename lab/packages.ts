/**
 * The Debian packages the lab is made of, installed on first use when a tool is missing (the test
 * hosts are root on Debian 12; nothing is installed when everything is present).
 */
import fs from 'node:fs';
import { AppError } from '../src/errors/app-error.js';
import { mustRun } from './exec.js';

/** A file whose presence shows that a package is installed, and the package that provides it. */
const REQUIRED: readonly { readonly file: string; readonly pkg: string }[] = [
  { file: '/usr/sbin/ip', pkg: 'iproute2' },
  { file: '/usr/sbin/nft', pkg: 'nftables' },
  { file: '/usr/sbin/sshd', pkg: 'openssh-server' },
  { file: '/usr/bin/ssh', pkg: 'openssh-client' },
  { file: '/usr/sbin/nginx', pkg: 'nginx-light' },
  { file: '/usr/sbin/mariadbd', pkg: 'mariadb-server' },
  { file: '/usr/bin/mariadb', pkg: 'mariadb-client' },
  { file: '/usr/bin/psql', pkg: 'postgresql-client' },
  { file: '/usr/bin/openssl', pkg: 'openssl' },
  { file: '/usr/bin/sudo', pkg: 'sudo' },
  { file: '/usr/bin/unshare', pkg: 'util-linux' },
  { file: '/usr/sbin/start-stop-daemon', pkg: 'dpkg' },
  // The VMs' own Debian root (lab/debian-root.ts) and their test packages (lab/apt-repo.ts).
  { file: '/usr/sbin/debootstrap', pkg: 'debootstrap' },
  { file: '/usr/bin/dpkg-deb', pkg: 'dpkg' },
  { file: '/usr/bin/nsenter', pkg: 'util-linux' },
];

/** The packages whose files are missing on this machine (PostgreSQL and PHP-FPM are found by version). */
export function missingPackages(): string[] {
  const missing = REQUIRED.filter((entry) => !fs.existsSync(entry.file)).map((entry) => entry.pkg);
  if (!postgresBinDir()) missing.push('postgresql');
  if (!phpFpmBinary()) missing.push('php-fpm');
  return [...new Set(missing)];
}

/** The bin directory of the newest PostgreSQL server installed, if any. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && fs.existsSync(`${root}/${name}/bin/postgres`))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : `${root}/${versions[0]}/bin`;
}

/** The PHP-FPM binary, if one is installed (PHP is optional in the lab). */
export function phpFpmBinary(): string | undefined {
  if (!fs.existsSync('/usr/sbin')) return undefined;
  const name = fs
    .readdirSync('/usr/sbin')
    .filter((file) => /^php-fpm\d+\.\d+$/.test(file))
    .sort()
    .at(-1);
  return name === undefined ? undefined : `/usr/sbin/${name}`;
}

/** Installs the missing packages with apt-get; daemons are not started by Debian (no systemd here). */
export async function ensurePackages(log: (line: string) => void): Promise<void> {
  const missing = missingPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new AppError('FORBIDDEN', `The lab needs these Debian packages: ${missing.join(', ')}.`, {
      hint: 'Run the lab as root, or install them with apt-get.',
    });
  }
  log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await mustRun('apt-get', ['update', '-qq'], { env, timeoutMs: 300_000 });
  await mustRun('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env,
    timeoutMs: 600_000,
  });
}
