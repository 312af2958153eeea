/**
 * DB03's database servers: a PostgreSQL cluster and a MariaDB server, each with its own data
 * directory (initialised once, kept across `down`), socket directory, pid file and log, listening on
 * DB03's address only, each with the lab test database and account.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../src/errors/app-error.js';
import { mustRun } from './exec.js';
import { postgresBinDir } from './packages.js';
import type { LabPaths } from './paths.js';
import { stopByPidFile, waitUntil } from './processes.js';
import { canConnect } from './tcp-check.js';
import { LAB_DATABASE_ACCOUNT, LAB_PREFIX, type LabHost } from './topology.js';

const READY_MARKER = '.vigie-lab-ready';

/** Creates a directory (if missing) owned by the daemon's user. */
async function ownedDir(dir: string, user: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  await chownTo(user, dir);
}

async function chownTo(user: string, dir: string): Promise<void> {
  await mustRun('chown', ['-R', `${user}:${user}`, dir]);
}

function binDir(): string {
  const dir = postgresBinDir();
  if (!dir)
    throw new AppError('INTERNAL', 'No PostgreSQL server is installed.', { hint: 'Run `npm run lab:up`.' });
  return dir;
}

interface PostgresLayout {
  readonly data: string;
  readonly socketDir: string;
  readonly log: string;
}

function postgresLayout(paths: LabPaths, host: LabHost): PostgresLayout {
  return {
    data: paths.dataDir(host.id, 'postgresql'),
    socketDir: path.join(paths.hostRunDir(host.id), 'postgresql'),
    log: path.join(paths.hostLogDir(host.id), 'postgresql.log'),
  };
}

/** Starts PostgreSQL in the host's namespace (initialising its cluster the first time). */
export async function startPostgres(paths: LabPaths, host: LabHost): Promise<void> {
  const layout = postgresLayout(paths, host);
  const fresh = !fs.existsSync(path.join(layout.data, 'PG_VERSION'));
  if (fresh) {
    fs.rmSync(layout.data, { recursive: true, force: true });
    await ownedDir(layout.data, 'postgres');
    await mustRun('runuser', [
      '-u',
      'postgres',
      '--',
      `${binDir()}/initdb`,
      '-D',
      layout.data,
      '-U',
      'postgres',
      '--no-locale',
      '-E',
      'UTF8',
      '--auth-local=peer',
      '--auth-host=scram-sha-256',
    ]);
    fs.writeFileSync(
      path.join(layout.data, 'pg_hba.conf'),
      ['local all all peer', `host all all ${LAB_PREFIX} scram-sha-256`, ''].join('\n'),
    );
  }
  await ownedDir(layout.socketDir, 'postgres');
  fs.writeFileSync(layout.log, '');
  await chownTo('postgres', layout.log);
  await mustRun('ip', [
    'netns',
    'exec',
    host.namespace,
    // A pid file of its own, or start-stop-daemon would see the machine's PostgreSQL and do nothing.
    'start-stop-daemon',
    '--start',
    '--background',
    '--chuid',
    'postgres',
    '--output',
    layout.log,
    '--make-pidfile',
    '--pidfile',
    path.join(layout.socketDir, 'start.pid'),
    '--exec',
    `${binDir()}/postgres`,
    '--',
    '-D',
    layout.data,
    '-c',
    `listen_addresses=${host.address}`,
    '-c',
    'port=5432',
    '-c',
    `unix_socket_directories=${layout.socketDir}`,
    '-c',
    'shared_buffers=16MB',
    '-c',
    'max_connections=50',
  ]);
  await waitUntil(() => canConnect(host.address, 5432, 500), 20_000, `PostgreSQL on ${host.id}`);
  if (!fs.existsSync(path.join(layout.data, READY_MARKER))) await createPostgresAccount(layout);
  await grantPostgresBackupRights(layout);
}

/** The psql arguments of the cluster's superuser, over its socket (peer authentication). */
function postgresAdmin(layout: PostgresLayout): string[] {
  return [
    '-u',
    'postgres',
    '--',
    'psql',
    '-X',
    '-q',
    '-h',
    layout.socketDir,
    '-p',
    '5432',
    '-v',
    'ON_ERROR_STOP=1',
  ];
}

/**
 * What Vigie's backups and restore drills need of the lab account, granted on every start so that a
 * lab made by an older version gets them: reading every database (pg_read_all_data) and creating
 * the drills' scratch databases.
 */
async function grantPostgresBackupRights(layout: PostgresLayout): Promise<void> {
  const { user } = LAB_DATABASE_ACCOUNT;
  await mustRun('runuser', [
    ...postgresAdmin(layout),
    '-d',
    'postgres',
    '-c',
    `ALTER ROLE ${user} CREATEDB; GRANT pg_read_all_data TO ${user};`,
  ]);
}

async function createPostgresAccount(layout: PostgresLayout): Promise<void> {
  const { database, user, password } = LAB_DATABASE_ACCOUNT;
  const psql = postgresAdmin(layout);
  await mustRun('runuser', [
    ...psql,
    '-d',
    'postgres',
    '-c',
    `CREATE ROLE ${user} LOGIN PASSWORD '${password}'`,
  ]);
  await mustRun('runuser', [...psql, '-d', 'postgres', '-c', `CREATE DATABASE ${database} OWNER ${user}`]);
  fs.writeFileSync(path.join(layout.data, READY_MARKER), '');
}

/** Stops PostgreSQL with a fast shutdown (SIGINT), by its postmaster.pid. */
export function stopPostgres(paths: LabPaths, host: LabHost): Promise<void> {
  return stopByPidFile(
    host.namespace,
    path.join(postgresLayout(paths, host).data, 'postmaster.pid'),
    'SIGINT',
    10_000,
  );
}

interface MariadbLayout {
  readonly data: string;
  readonly runDir: string;
  readonly socket: string;
  readonly pidFile: string;
  readonly config: string;
  readonly log: string;
}

function mariadbLayout(paths: LabPaths, host: LabHost): MariadbLayout {
  const runDir = path.join(paths.hostRunDir(host.id), 'mariadb');
  return {
    data: paths.dataDir(host.id, 'mariadb'),
    runDir,
    socket: path.join(runDir, 'mariadb.sock'),
    pidFile: path.join(runDir, 'mariadb.pid'),
    config: path.join(paths.hostRunDir(host.id), 'mariadb.cnf'),
    log: path.join(paths.hostLogDir(host.id), 'mariadb.log'),
  };
}

/** The unix socket of DB03's MariaDB (root may log in through it without password). */
export function mariadbSocket(paths: LabPaths, host: LabHost): string {
  return mariadbLayout(paths, host).socket;
}

/** Starts MariaDB in the host's namespace (initialising its data directory the first time). */
export async function startMariadb(paths: LabPaths, host: LabHost): Promise<void> {
  const layout = mariadbLayout(paths, host);
  if (!fs.existsSync(path.join(layout.data, 'mysql'))) {
    fs.rmSync(layout.data, { recursive: true, force: true });
    await ownedDir(layout.data, 'mysql');
    // --no-defaults keeps the machine's /etc/mysql configuration (and its datadir) out of the lab.
    await mustRun(
      'mariadb-install-db',
      [
        '--no-defaults',
        '--user=mysql',
        `--datadir=${layout.data}`,
        '--auth-root-authentication-method=socket',
        '--skip-test-db',
      ],
      { timeoutMs: 120_000 },
    );
  }
  await ownedDir(layout.runDir, 'mysql');
  fs.writeFileSync(layout.log, '');
  await chownTo('mysql', layout.log);
  fs.writeFileSync(
    layout.config,
    [
      '# Written by the Vigie lab on every `lab up`; edits are lost.',
      '[mariadbd]',
      'user = mysql',
      `datadir = ${layout.data}`,
      `socket = ${layout.socket}`,
      `pid-file = ${layout.pidFile}`,
      `bind-address = ${host.address}`,
      'port = 3306',
      `log-error = ${layout.log}`,
      'skip-name-resolve',
      'performance_schema = off',
      'innodb_buffer_pool_size = 32M',
      '',
    ].join('\n'),
  );
  await mustRun('ip', [
    'netns',
    'exec',
    host.namespace,
    'start-stop-daemon',
    '--start',
    '--background',
    '--make-pidfile',
    '--pidfile',
    path.join(layout.runDir, 'start.pid'),
    '--exec',
    '/usr/sbin/mariadbd',
    '--',
    `--defaults-file=${layout.config}`,
  ]);
  await waitUntil(() => canConnect(host.address, 3306, 500), 30_000, `MariaDB on ${host.id}`);
  if (!fs.existsSync(path.join(layout.data, READY_MARKER))) await createMariadbAccount(layout);
  await grantMariadbBackupRights(layout);
}

/**
 * What Vigie's backups and restore drills need of the lab account, granted on every start: a
 * consistent dump of any database (with routines, triggers, events), the users and their grants
 * (mysql.*), and everything on the drills' scratch databases.
 */
async function grantMariadbBackupRights(layout: MariadbLayout): Promise<void> {
  const { user } = LAB_DATABASE_ACCOUNT;
  const account = `'${user}'@'198.18.%'`;
  const sql = [
    `GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT, RELOAD, PROCESS ON *.* TO ${account};`,
    `GRANT ALL PRIVILEGES ON \`vigie\\_drill\\_%\`.* TO ${account};`,
  ].join('\n');
  await mustRun('mariadb', ['--no-defaults', `--socket=${layout.socket}`, '-u', 'root'], { input: sql });
}

async function createMariadbAccount(layout: MariadbLayout): Promise<void> {
  const { database, user, password } = LAB_DATABASE_ACCOUNT;
  const sql = [
    `CREATE DATABASE IF NOT EXISTS ${database};`,
    `CREATE USER IF NOT EXISTS '${user}'@'198.18.%' IDENTIFIED BY '${password}';`,
    `GRANT ALL PRIVILEGES ON ${database}.* TO '${user}'@'198.18.%';`,
  ].join('\n');
  await mustRun('mariadb', ['--no-defaults', `--socket=${layout.socket}`, '-u', 'root'], { input: sql });
  fs.writeFileSync(path.join(layout.data, READY_MARKER), '');
}

/** Stops MariaDB (SIGTERM is its clean shutdown), by its pid file. */
export function stopMariadb(paths: LabPaths, host: LabHost): Promise<void> {
  return stopByPidFile(host.namespace, mariadbLayout(paths, host).pidFile, 'SIGTERM', 15_000);
}

/** The pid files of DB03's servers, for `status`. */
export function databasePidFiles(paths: LabPaths, host: LabHost): { postgresql: string; mariadb: string } {
  return {
    postgresql: path.join(postgresLayout(paths, host).data, 'postmaster.pid'),
    mariadb: mariadbLayout(paths, host).pidFile,
  };
}
