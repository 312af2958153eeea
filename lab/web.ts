/**
 * The web hosts' daemons: nginx serving one page per website of the example on that host (server_name
 * = the site's domains, HTTP and HTTPS with a lab-made self-signed certificate), and PHP-FPM behind it
 * when PHP is installed. Each instance has its own config, pid file, temp dirs and logs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mustRun } from './exec.js';
import { phpFpmBinary } from './packages.js';
import type { LabPaths } from './paths.js';
import { stopByPidFile, waitUntil } from './processes.js';
import { canConnect } from './tcp-check.js';
import { LAB_WEBSITES, type LabHost, type LabWebsite } from './topology.js';

interface WebLayout {
  readonly runDir: string;
  readonly nginxConfig: string;
  readonly nginxPid: string;
  readonly phpConfig: string;
  readonly phpPid: string;
  readonly phpSocket: string;
  readonly certificate: string;
  readonly certificateKey: string;
  readonly logDir: string;
}

function webLayout(paths: LabPaths, host: LabHost): WebLayout {
  const runDir = paths.hostRunDir(host.id);
  return {
    runDir,
    nginxConfig: path.join(runDir, 'nginx.conf'),
    nginxPid: path.join(runDir, 'nginx.pid'),
    phpConfig: path.join(runDir, 'php-fpm.conf'),
    phpPid: path.join(runDir, 'php-fpm.pid'),
    phpSocket: path.join(runDir, 'php-fpm.sock'),
    certificate: path.join(paths.hostKeyDir(host.id), 'tls.crt'),
    certificateKey: path.join(paths.hostKeyDir(host.id), 'tls.key'),
    logDir: paths.hostLogDir(host.id),
  };
}

/** The websites the example places on this host. */
export function websitesOf(host: LabHost): LabWebsite[] {
  return LAB_WEBSITES.filter((site) => site.host === host.id);
}

/** The page nginx serves for a website: its name and id, so a test knows which server block answered. */
export function websitePage(site: LabWebsite): string {
  return `<!doctype html>\n<title>${site.name}</title>\n<h1>${site.name}</h1>\n<p>vigie-lab website ${site.id} on ${site.host}</p>\n`;
}

async function ensureCertificate(layout: WebLayout, host: LabHost): Promise<void> {
  if (fs.existsSync(layout.certificate) && fs.existsSync(layout.certificateKey)) return;
  const names = websitesOf(host).flatMap((site) => site.domains.map((domain) => `DNS:${domain}`));
  await mustRun('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '3650',
    '-subj',
    `/CN=${host.id}.vigie-lab`,
    '-addext',
    `subjectAltName=${names.join(',')}`,
    '-keyout',
    layout.certificateKey,
    '-out',
    layout.certificate,
  ]);
}

function nginxConfig(paths: LabPaths, host: LabHost, layout: WebLayout, php: boolean): string {
  const temp = (name: string): string => path.join(layout.runDir, 'nginx-temp', name);
  const tls = [
    `    ssl_certificate ${layout.certificate};`,
    `    ssl_certificate_key ${layout.certificateKey};`,
  ];
  const phpLocation = php
    ? [
        '    location ~ \\.php$ {',
        '      include /etc/nginx/fastcgi_params;',
        '      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;',
        `      fastcgi_pass unix:${layout.phpSocket};`,
        '    }',
      ]
    : [];
  const servers = websitesOf(host).flatMap((site) => [
    '  server {',
    '    listen 80;',
    '    listen 443 ssl;',
    `    server_name ${site.domains.join(' ')};`,
    ...tls,
    `    root ${path.join(paths.wwwDir, site.id)};`,
    '    index index.html index.php;',
    ...phpLocation,
    '  }',
  ]);
  return [
    '# Written by the Vigie lab on every `lab up`; edits are lost.',
    'daemon on;',
    'user www-data;',
    'worker_processes 1;',
    `pid ${layout.nginxPid};`,
    `error_log ${path.join(layout.logDir, 'nginx-error.log')};`,
    'events { worker_connections 128; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    `  access_log ${path.join(layout.logDir, 'nginx-access.log')};`,
    `  client_body_temp_path ${temp('client_body')};`,
    `  proxy_temp_path ${temp('proxy')};`,
    `  fastcgi_temp_path ${temp('fastcgi')};`,
    `  uwsgi_temp_path ${temp('uwsgi')};`,
    `  scgi_temp_path ${temp('scgi')};`,
    '  server {',
    '    listen 80 default_server;',
    '    listen 443 ssl default_server;',
    '    server_name _;',
    ...tls,
    '    return 404;',
    '  }',
    ...servers,
    '}',
    '',
  ].join('\n');
}

function phpConfig(layout: WebLayout): string {
  return [
    '; Written by the Vigie lab on every `lab up`; edits are lost.',
    '[global]',
    `pid = ${layout.phpPid}`,
    `error_log = ${path.join(layout.logDir, 'php-fpm.log')}`,
    'daemonize = yes',
    '[www]',
    'user = www-data',
    'group = www-data',
    `listen = ${layout.phpSocket}`,
    'listen.owner = www-data',
    'listen.group = www-data',
    'pm = static',
    'pm.max_children = 2',
    '',
  ].join('\n');
}

function writeSites(paths: LabPaths, host: LabHost, php: boolean): void {
  for (const site of websitesOf(host)) {
    const root = path.join(paths.wwwDir, site.id);
    fs.mkdirSync(root, { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(root, 'index.html'), websitePage(site));
    if (php)
      fs.writeFileSync(path.join(root, 'status.php'), `<?php echo 'php ', PHP_VERSION, ' ${site.id}';\n`);
  }
}

/** Starts PHP-FPM (if installed) and nginx in a web host's namespace; resolves once port 80 answers. */
export async function startWeb(paths: LabPaths, host: LabHost): Promise<void> {
  const layout = webLayout(paths, host);
  const phpBinary = phpFpmBinary();
  await ensureCertificate(layout, host);
  writeSites(paths, host, phpBinary !== undefined);
  for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    fs.mkdirSync(path.join(layout.runDir, 'nginx-temp', name), { recursive: true });
  }
  await mustRun('chown', ['-R', 'www-data:www-data', path.join(layout.runDir, 'nginx-temp')]);
  if (phpBinary) {
    fs.writeFileSync(layout.phpConfig, phpConfig(layout));
    await mustRun('ip', ['netns', 'exec', host.namespace, phpBinary, '--fpm-config', layout.phpConfig]);
    await waitUntil(() => fs.existsSync(layout.phpSocket), 10_000, `PHP-FPM on ${host.id}`);
  }
  fs.writeFileSync(layout.nginxConfig, nginxConfig(paths, host, layout, phpBinary !== undefined));
  const errorLog = path.join(layout.logDir, 'nginx-error.log');
  await mustRun('/usr/sbin/nginx', ['-t', '-q', '-c', layout.nginxConfig, '-e', errorLog]);
  await mustRun('ip', [
    'netns',
    'exec',
    host.namespace,
    '/usr/sbin/nginx',
    '-c',
    layout.nginxConfig,
    '-e',
    errorLog,
  ]);
  await waitUntil(() => canConnect(host.address, 80, 500), 10_000, `nginx on ${host.id}`);
}

/** Stops nginx and PHP-FPM by their pid files. */
export async function stopWeb(paths: LabPaths, host: LabHost): Promise<void> {
  const layout = webLayout(paths, host);
  await stopByPidFile(host.namespace, layout.nginxPid);
  await stopByPidFile(host.namespace, layout.phpPid, 'SIGQUIT');
}

/** The pid files of a web host's daemons, for `status`. */
export function webPidFiles(paths: LabPaths, host: LabHost): { nginx: string; 'php-fpm': string } {
  const layout = webLayout(paths, host);
  return { nginx: layout.nginxPid, 'php-fpm': layout.phpPid };
}
