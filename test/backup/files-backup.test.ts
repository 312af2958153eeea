/**
 * A path set backed up over a real sshd: tar on the "host", the archive streamed into restic, verified
 * by a full tar read, journaled; a missing path, a cut link and hostile path names handled.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupStageError, storeStream } from '../../src/backup/pipeline.js';
import {
  initRepository,
  listSnapshots,
  type ResticRepository,
  readSnapshotFile,
} from '../../src/backup/restic.js';
import { checkBackupPath, startFilesArchive } from '../../src/backup/sources/files.js';
import { verifyArtifact } from '../../src/backup/verify.js';
import { listJournalEntries } from '../../src/journal/list-entries.js';
import type { RemoteHost, SshRunner } from '../../src/remote/remote-host.js';
import { createSshRunner, type SshRunnerDeps } from '../../src/remote/ssh-runner.js';
import { approveFirstKey, hostOf, remoteDeps } from '../support/remote-deps.js';
import { type SshdFixture, startSshd } from '../support/sshd.js';
import { createTestStore, TEST_DIALECT, type TestStore } from '../support/test-store.js';

describe(`files backup over a real sshd on ${TEST_DIALECT}`, () => {
  let sshd: SshdFixture;
  let testStore: TestStore;
  let deps: SshRunnerDeps;
  let runner: SshRunner;
  let host: RemoteHost;
  let dir: string;
  let site: string;
  let repo: ResticRepository;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-files-backup-'));
    site = path.join(dir, 'www', 'offre-formation');
    fs.mkdirSync(path.join(site, 'public', 'uploads'), { recursive: true });
    fs.writeFileSync(path.join(site, 'public', 'index.php'), '<?php echo "Bonjour";\n');
    fs.writeFileSync(path.join(site, 'public', 'uploads', 'plan.pdf'), Buffer.alloc(300_000, 7));
    fs.mkdirSync(path.join(site, 'var', 'cache'), { recursive: true });
    fs.writeFileSync(path.join(site, 'var', 'cache', 'big.tmp'), Buffer.alloc(100_000, 1));
    repo = { location: path.join(dir, 'repo'), password: 'k' };
    await initRepository(repo);
    sshd = await startSshd();
    testStore = await createTestStore();
    deps = remoteDeps(testStore);
    runner = createSshRunner(deps, { commandTimeoutMs: 20_000 });
    host = await hostOf(deps, sshd, 'host03');
    await runner.run(host, { argv: ['true'] }, { actor: 'test' }).catch(() => undefined);
    await approveFirstKey(deps, 'host03');
  });

  afterAll(async () => {
    await runner?.close();
    await testStore?.cleanup();
    await sshd?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('archives the paths on the host, leaves out the excluded ones, stores and verifies them', async () => {
    const source = await startFilesArchive(
      runner,
      { host, paths: [site], exclude: ['*/var/cache'] },
      { actor: 'test', category: 'backup' },
    );
    const stored = await storeStream(source, repo, {
      filename: 'host03-site.tar',
      tags: ['vigie-run=f1'],
      hostname: 'v',
    });
    expect(source.warnings).toEqual([]);
    await verifyArtifact(repo, { ...stored, reader: 'tar' });

    const read = readSnapshotFile(repo, stored.snapshotId, 'host03-site.tar');
    const chunks: Buffer[] = [];
    for await (const chunk of read.output) chunks.push(chunk as Buffer);
    await read.done;
    const listing = Buffer.concat(chunks).toString('latin1');
    const relative = site.replace(/^\//, '');
    expect(listing).toContain(`${relative}/public/index.php`);
    expect(listing).toContain(`${relative}/public/uploads/plan.pdf`);
    expect(listing).not.toContain('big.tmp');
    const journal = await listJournalEntries(testStore.store.db, { host: 'host03', limit: 5 });
    expect(journal.some((entry) => JSON.stringify(entry).includes('tar on host03'))).toBe(true);
  });

  it('records nothing when a path is missing on the host, and says which', async () => {
    const source = await startFilesArchive(
      runner,
      { host, paths: [path.join(dir, 'absent')] },
      { actor: 'test' },
    );
    const error = await storeStream(source, repo, {
      filename: 'x.tar',
      tags: ['vigie-run=f2'],
      hostname: 'v',
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackupStageError);
    expect((error as Error).message).toMatch(/tar on host03 .*exited with status 2.*absent/);
    expect(await listSnapshots(repo, 'vigie-run=f2')).toEqual([]);
  });

  it('records nothing when the SSH link is cut mid-transfer', async () => {
    fs.writeFileSync(path.join(site, 'public', 'uploads', 'video.bin'), Buffer.alloc(64 * 1024 * 1024, 3));
    const source = await startFilesArchive(runner, { host, paths: [site] }, { actor: 'test' });
    let cut = false;
    const outcome = storeStream(source, repo, {
      filename: 'cut.tar',
      tags: ['vigie-run=f3'],
      hostname: 'v',
      onProgress: ({ bytes }) => {
        if (!cut && bytes > 8 * 1024 * 1024) {
          cut = true;
          // The connection's own sshd processes die, as when the link drops; the listener stays.
          const listener = fs.readFileSync(path.join(sshd.dir, 'sshd.pid'), 'utf8').trim();
          execFileSync('pkill', ['-KILL', '-P', listener]);
        }
      },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const error = await outcome;
    fs.rmSync(path.join(site, 'public', 'uploads', 'video.bin'));
    expect(cut).toBe(true);
    expect(error).toBeInstanceOf(BackupStageError);
    expect(await listSnapshots(repo, 'vigie-run=f3')).toEqual([]);
  });

  it('refuses relative, dotted and root paths before connecting', () => {
    expect(checkBackupPath('var/www')).toMatch(/not absolute/);
    expect(checkBackupPath('/var/www/../etc')).toMatch(/\.\./);
    expect(checkBackupPath('/')).toMatch(/whole file system/);
    expect(checkBackupPath('/var/www/site')).toBeUndefined();
  });
});
