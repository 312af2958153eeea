/**
 * The restore plan end to end on the dialect under test: an inventory whose databases are the
 * machine's real PostgreSQL and MariaDB, real restic backups and a real drill made with the CLI, then
 * the plan rendered through the CLI and the API, its PDF read back with poppler's pdftotext.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { applyInventory } from '../../src/inventory/apply.js';
import { createWebFixture, SAME_ORIGIN, type WebFixture } from '../http/web-fixture.js';
import { captureIo } from '../support/cli-io.js';
import { desired } from '../support/inventory-fixtures.js';
import { pgAdminQuery, TEST_DIALECT } from '../support/test-store.js';

const PG_DB = `vigie_plan_${process.pid}_${TEST_DIALECT}`;
const MARIA_DB = `vigie_plan_${process.pid}_${TEST_DIALECT}`;
/** Inventory values are untrusted: this one must come out as text in the HTML, never as markup. */
const HOSTILE_NAME = '<script>alert(1)</script> Intranet & co';

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** pdftotext lays tables out in columns: collapse the spacing so phrases can be matched. */
function squeeze(text: string): string {
  return text.replace(/[ \t]+/g, ' ');
}

/** Long commands wrap in the PDF's code boxes: compare them without any white space. */
function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** The command blocks of an HTML plan, as the reader copies them (entities decoded). */
function codeBlocks(html: string): string[][] {
  return [...html.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map((match) =>
    (match[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .split('\n'),
  );
}

describe(`the restore plan on ${TEST_DIALECT}`, () => {
  let fixture: WebFixture;
  let dir: string;
  let viewer: string;
  let developer: string;
  let pgRunId: string;
  let pgSnapshot: string;
  const as = (cookie: string) => ({ cookies: { vigie_session: cookie }, headers: SAME_ORIGIN });
  const vigie = async (...argv: string[]) => {
    const io = captureIo();
    const code = await main(['node', 'vigie', ...argv], io, {
      ...fixture.testStore.env,
      VIGIE_OUTBOUND_ALLOW: '127.0.0.0/8',
    });
    return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
  };

  beforeAll(async () => {
    fixture = await createWebFixture({ env: { VIGIE_OUTBOUND_ALLOW: '127.0.0.0/8' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-restore-plan-'));
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB}`);
    await pgAdminQuery(`CREATE DATABASE ${PG_DB}`);
    await pgAdminQuery(
      "CREATE TABLE stagiaires AS SELECT i AS id, 'stagiaire ' || i AS nom FROM generate_series(1, 4321) i",
      PG_DB,
    );
    const maria = await mysql.createConnection({ host: '127.0.0.1', user: 'root', multipleStatements: true });
    await maria.query(`DROP DATABASE IF EXISTS \`${MARIA_DB}\`; CREATE DATABASE \`${MARIA_DB}\`; USE \`${MARIA_DB}\`;
      CREATE TABLE pages (id INT PRIMARY KEY); INSERT INTO pages SELECT seq FROM seq_1_to_77;`);
    await maria.end();
    await applyInventory(fixture.deps, {
      actor: 'test',
      objects: [
        desired('customer', 'gip-test', { legal_name: 'GIP Côte d’Azur de test' }),
        desired('network', 'lan', { prefix: '127.0.0.0/8' }),
        desired('vm', 'db1', {
          name: 'DB1',
          hypervisor: 'hv',
          interfaces: [{ name: 'ens18', network: 'lan', address: '127.0.0.1/8' }],
        }),
        desired('vm', 'web1', {
          name: 'WEB1',
          hypervisor: 'hv',
          interfaces: [{ name: 'ens18', network: 'lan', address: '127.0.0.2/8' }],
        }),
        desired('service', 'db1-postgresql', {
          host: 'db1',
          host_kind: 'vm',
          kind: 'postgresql',
          ports: [{ port: 5432, protocol: 'tcp' }],
        }),
        desired('service', 'db1-mariadb', {
          host: 'db1',
          host_kind: 'vm',
          kind: 'mariadb',
          ports: [{ port: 3306, protocol: 'tcp' }],
        }),
        desired('database', 'inscriptions', {
          engine: 'postgresql',
          server: 'db1-postgresql',
          name: PG_DB,
          owner: 'postgres',
          backup: { schedule: '0 */6 * * *', rpo_target: '7h' },
        }),
        desired('database', 'cms', {
          engine: 'mariadb',
          server: 'db1-mariadb',
          name: MARIA_DB,
          owner: 'root',
          backup: { drill: { query: 'SELECT COUNT(*) = 77 FROM pages' } },
        }),
        desired('website', 'intranet', {
          name: HOSTILE_NAME,
          host: 'web1',
          document_root: '/var/www/intranet',
        }),
        desired('website', 'ancien-site', {
          name: 'Ancien site',
          host: 'web1',
          backup: { disabled: true, reason: 'reconstruit depuis le dépôt Git <b>' },
        }),
        desired('backup', 'backup', {
          destinations: [
            {
              id: 'local',
              type: 'local',
              path: path.join(dir, 'repo'),
              description: 'dépôt sur l’hôte Vigie',
            },
          ],
          defaults: { rpo_target: '26h' },
          accounts: { 'db1-postgresql': { user: 'postgres' }, 'db1-mariadb': { user: 'root' } },
          drill_servers: { postgresql: 'db1-postgresql', mariadb: 'db1-mariadb' },
        }),
      ],
    });
    expect((await vigie('backup', 'init', 'local')).code).toBe(0);
    const run = await vigie('backup', 'run', 'database:inscriptions', 'database:cms');
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/failed/i);
    expect(run.code).toBe(0);
    expect((await vigie('backup', 'drill', 'inscriptions')).code).toBe(0);
    const runs = JSON.parse(
      (await vigie('backup', 'runs', '--source', 'database:inscriptions', '--json')).stdout,
    ) as Array<{
      id: string;
      artifacts: Array<{ filename: string; snapshotId: string }>;
    }>;
    pgRunId = runs[0]?.id ?? '';
    pgSnapshot = runs[0]?.artifacts.find((a) => a.filename === `${PG_DB}.pgdump`)?.snapshotId ?? '';
    expect(pgSnapshot).toMatch(/^[0-9a-f]{8,64}$/);
    const login = async (role: Parameters<WebFixture['addAccount']>[0]) => {
      const { account, password } = await fixture.addAccount(role);
      return fixture.login(account.username, password);
    };
    [viewer, developer] = [await login('viewer'), await login('customer_developer')];
  }, 180_000);

  afterAll(async () => {
    await fixture?.close();
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
    const maria = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
    await maria.query(`DROP DATABASE IF EXISTS \`${MARIA_DB}\``);
    await maria.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the PDF in French by default: summary, each source, measured RPO/RTO and the steps to restore', async () => {
    const out = path.join(dir, 'plan.pdf');
    const written = await vigie('backup', 'restore-plan', '--out', out);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/^restore plan written to .*plan\.pdf \(PDF, \d/);
    const text = squeeze(pdfText(out));
    expect(text).toContain('Plan de restauration');
    expect(text).toContain('GIP Côte d’Azur de test');
    expect(text).toMatch(/Généré le \d+ \w+ 20\d\d à \d\d:\d\d \(Europe\/Paris\)/);
    // The summary: every source, and what is deliberately not backed up, with its reason.
    expect(text).toContain('Synthèse');
    for (const source of ['database:inscriptions', 'database:cms', 'files:website-intranet'])
      expect(text).toContain(source);
    expect(text).toContain('files:website-ancien-site reconstruit depuis le dépôt Git <b>');
    // One source: schedule in words and cron, retention, RPO within target, RTO from the drill.
    expect(text).toContain('toutes les 6 heures (0 */6 * * *)');
    expect(text).toContain('7 quotidienne(s), 4 hebdomadaire(s), 12 mensuelle(s), 2 annuelle(s)');
    expect(text).toMatch(/\d+ min \(cible 7 h\) OK/);
    expect(text).toMatch(/[\d,]+ (ms|s), mesuré par l’exercice du \d+ \S+ 20\d\d/);
    expect(text).toContain('RÉUSSI');
    // How to restore: Vigie's commands on the verified run, then restic and pg_restore by hand.
    expect(text).toContain(`vigie restore ${pgRunId} --dry-run`);
    expect(compact(text)).toContain(compact(`vigie restore ${pgRunId} --to-database ${PG_DB}_restore`));
    expect(text).toContain(`export RESTIC_REPOSITORY=${path.join(dir, 'repo')}`);
    expect(text).toContain('vigie backup key-export local');
    expect(compact(text)).toContain(
      compact(`restic dump ${pgSnapshot} ${PG_DB}.pgdump > /var/tmp/${PG_DB}.pgdump`),
    );
    expect(compact(text)).toContain(
      compact(`pg_restore -h 127.0.0.1 -p 5432 -U postgres -d ${PG_DB} -j 2 /var/tmp/${PG_DB}.pgdump`),
    );
    expect(text).toMatch(/public\.stagiaires 4321/);
    // MariaDB by hand, and its check query; the files source with nothing verified yet says so.
    expect(compact(text)).toContain(
      compact(`mariadb -h 127.0.0.1 -P 3306 -u root -e 'CREATE DATABASE \`${MARIA_DB}\`'`),
    );
    expect(text).toContain('SELECT COUNT(*) = 77 FROM pages');
    expect(text).toContain('Il n’existe encore aucune sauvegarde vérifiée de cette source');
    expect(compact(text)).toContain(
      compact('restic dump --tag vigie-source=files:website-intranet latest website-intranet.tar'),
    );
    expect(text).toContain('ssh root@127.0.0.2');
  }, 60_000);

  it('writes one source as HTML in English, escaped, and says what is wrong with bad options', async () => {
    const out = path.join(dir, 'cms.html');
    expect(
      (await vigie('backup', 'restore-plan', '--source', 'cms', '--lang', 'en', '--out', out)).code,
    ).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>Restore plan: GIP Côte d’Azur de test</title>');
    expect(html).toContain('MariaDB database cms');
    expect(html).toContain('every day at 02:00');
    expect(html).toContain('that the inventory&#39;s check query returns true');
    expect(html).not.toContain('database:inscriptions');

    const all = path.join(dir, 'all.html');
    expect((await vigie('backup', 'restore-plan', '--format', 'html', '--out', all)).code).toBe(0);
    const full = fs.readFileSync(all, 'utf8');
    expect(full).not.toContain('<script>');
    expect(full).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Intranet &amp; co');
    expect(full).toContain('reconstruit depuis le dépôt Git &lt;b&gt;');

    const badLang = await vigie('backup', 'restore-plan', '--lang', 'de', '--out', out);
    expect(badLang.code).not.toBe(0);
    expect(badLang.stderr).toMatch(/--lang/);
    expect(badLang.stderr).toMatch(/--lang fr or --lang en/);
    const unknown = await vigie('backup', 'restore-plan', '--source', 'nope', '--out', out);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/no backup source nope/);
    const off = await vigie('backup', 'restore-plan', '--source', 'files:website-ancien-site', '--out', out);
    expect(off.stderr).toMatch(/backups of files:website-ancien-site are off: reconstruit/);
    const nowhere = await vigie('backup', 'restore-plan', '--out', path.join(dir, 'missing', 'plan.pdf'));
    expect(nowhere.code).not.toBe(0);
    expect(nowhere.stderr).toMatch(/cannot write the restore plan to .*missing\/plan\.pdf/);
  }, 60_000);

  it('serves the plan over the API to readers: a PDF and HTML with their file names', async () => {
    const pdf = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/backups/restore-plan?format=pdf',
      ...as(viewer),
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe('inline; filename="plan-de-restauration-2026-11-28.pdf"');
    const file = path.join(dir, 'api.pdf');
    fs.writeFileSync(file, pdf.rawPayload);
    const text = squeeze(pdfText(file));
    expect(text).toContain('Plan de restauration');
    expect(text).toContain(`vigie restore ${pgRunId} --dry-run`);

    const html = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/backups/restore-plan?format=html&lang=en&source=database:inscriptions',
      ...as(viewer),
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-disposition']).toBe(
      'inline; filename="restore-plan-database-inscriptions-2026-11-28.html"',
    );
    expect(html.body).toContain('How to restore, step by step');
    expect(html.body).toContain(`restic dump ${pgSnapshot}`);
    expect(html.body).not.toContain('database:cms');

    const forbidden = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/backups/restore-plan',
      ...as(developer),
    });
    expect(forbidden.statusCode).toBe(403);
    const badFormat = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/backups/restore-plan?format=docx',
      ...as(viewer),
    });
    expect(badFormat.statusCode).toBe(400);
    const unknown = await fixture.app.inject({
      method: 'GET',
      url: '/api/v1/backups/restore-plan?source=nope',
      ...as(viewer),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toMatch(/no backup source nope/);
  }, 60_000);

  it('restores for real by its own commands: with vigie restore, and by hand with restic once the database is lost', async () => {
    const out = path.join(dir, 'inscriptions.html');
    expect((await vigie('backup', 'restore-plan', '--source', 'inscriptions', '--out', out)).code).toBe(0);
    const blocks = codeBlocks(fs.readFileSync(out, 'utf8'));

    // With Vigie: the plan's "next to the original" restore, as printed.
    const aside = blocks.flat().find((line) => line.includes('--to-database') && line.endsWith('_restore'));
    expect(aside).toBe(`vigie restore ${pgRunId} --to-database ${PG_DB}_restore`);
    const restored = await vigie(...(aside ?? '').split(' ').slice(1));
    expect(restored.stderr).not.toMatch(/error/i);
    expect(restored.code).toBe(0);
    const [aside_rows] = await pgAdminQuery<{ n: string }>(
      'SELECT count(*) AS n FROM stagiaires',
      `${PG_DB}_restore`,
    );
    expect(Number(aside_rows?.n)).toBe(4321);
    await pgAdminQuery(`DROP DATABASE IF EXISTS ${PG_DB}_restore WITH (FORCE)`);

    // Without Vigie: the database is lost; the key from escrow and the plan's manual steps bring it back.
    const keyFile = path.join(dir, 'escrowed-key.txt');
    fs.writeFileSync(keyFile, `${(await vigie('backup', 'key-export', 'local')).stdout.trim()}\n`, {
      mode: 0o600,
    });
    await pgAdminQuery(`DROP DATABASE ${PG_DB} WITH (FORCE)`);
    const repository = blocks.find((block) => block[0]?.startsWith('export RESTIC_REPOSITORY='));
    const restore = blocks.find((block) => block.some((line) => line.startsWith('pg_restore ')));
    expect(repository?.[1]).toMatch(/^export RESTIC_PASSWORD_FILE=/);
    const script = [
      'set -euo pipefail',
      repository?.[0] ?? 'false',
      // The reader points this at where the escrowed key is: here, the test's copy.
      `export RESTIC_PASSWORD_FILE=${keyFile}`,
      ...(restore ?? ['false']),
    ].join('\n');
    const { RESTIC_PASSWORD: _p, RESTIC_REPOSITORY: _r, ...cleanEnv } = process.env;
    execFileSync('bash', ['-c', script], { env: cleanEnv, stdio: 'pipe' });
    const [rows] = await pgAdminQuery<{ n: string }>('SELECT count(*) AS n FROM stagiaires', PG_DB);
    expect(Number(rows?.n)).toBe(4321);

    // The same for MariaDB (its users step is left out: it would rewrite this machine's shared accounts).
    const cmsPlan = path.join(dir, 'cms-manual.html');
    expect((await vigie('backup', 'restore-plan', '--source', 'cms', '--out', cmsPlan)).code).toBe(0);
    const cmsBlocks = codeBlocks(fs.readFileSync(cmsPlan, 'utf8'));
    const replay = cmsBlocks.find((block) => block.some((line) => line.includes('CREATE DATABASE')));
    const maria = await mysql.createConnection({ host: '127.0.0.1', user: 'root' });
    await maria.query(`DROP DATABASE \`${MARIA_DB}\``);
    execFileSync(
      'bash',
      [
        '-c',
        [
          'set -euo pipefail',
          repository?.[0] ?? 'false',
          `export RESTIC_PASSWORD_FILE=${keyFile}`,
          ...(replay ?? ['false']),
        ].join('\n'),
      ],
      { env: cleanEnv, stdio: 'pipe' },
    );
    const [pages] = await maria.query(`SELECT COUNT(*) AS n FROM \`${MARIA_DB}\`.pages`);
    await maria.end();
    expect(Number((pages as Array<{ n: number }>)[0]?.n)).toBe(77);
  }, 120_000);
});
