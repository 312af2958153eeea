import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkRepository,
  copySnapshots,
  forgetSnapshots,
  initRepository,
  listSnapshots,
  pruneRepository,
  type ResticRepository,
  readSnapshotFile,
  repositoryOpens,
  startStdinBackup,
} from './restic.js';

let dir: string;
let repo: ResticRepository;

/** Text that compresses and deduplicates like a dump: rows of words and numbers. */
function rows(count: number, seed: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1)
    lines.push(`${i}\tcustomer-${(i * seed) % 9973}\t${(i * 7919 + seed) % 100000}\n`);
  return Buffer.from(lines.join(''));
}

function directorySize(root: string): number {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + fs.statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

async function backupBuffer(target: ResticRepository, data: Buffer, tags: string[]) {
  const backup = startStdinBackup(target, { filename: 'db.pgdump', tags, hostname: 'vigie-test' });
  backup.input.write(data);
  return backup.commit();
}

async function readAll(target: ResticRepository, snapshotId: string): Promise<Buffer> {
  const read = readSnapshotFile(target, snapshotId, 'db.pgdump');
  const chunks: Buffer[] = [];
  for await (const chunk of read.output) chunks.push(chunk as Buffer);
  await read.done;
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-restic-'));
  repo = { location: path.join(dir, 'repo'), password: `pw-${randomBytes(8).toString('hex')}` };
  await initRepository(repo);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('restic', () => {
  it('opens the repository it made, and says so of a missing one and of a wrong key', async () => {
    expect(await repositoryOpens(repo)).toBe(true);
    expect(await repositoryOpens({ ...repo, location: path.join(dir, 'nothing-here') })).toBe(false);
    await expect(repositoryOpens({ ...repo, password: 'not-the-key' })).rejects.toMatchObject({
      kind: 'wrong-password',
    });
    await expect(initRepository(repo)).rejects.toMatchObject({ kind: 'repository-exists' });
  });

  it('stores a stream, reads it back identical, and stores little for a nearly identical second one', async () => {
    // restic draws its chunker at random per repository: chunks of 512 KiB to 8 MiB. Appending a
    // row rewrites the last chunk only, so the second run adds at most 8 MiB whatever the draw; the
    // stream is big enough for that to be a small part of it.
    const first = rows(1_800_000, 3);
    const one = await backupBuffer(repo, first, ['vigie-run=1']);
    expect(one.processedBytes).toBe(first.length);
    // restic 0.14 counts added data before compression; the repository on disk is the compressed size.
    expect(directorySize(path.join(repo.location, 'data'))).toBeLessThan(first.length / 2);
    const back = await readAll(repo, one.snapshotId);
    expect(createHash('sha256').update(back).digest('hex')).toBe(
      createHash('sha256').update(first).digest('hex'),
    );

    const second = Buffer.concat([first, Buffer.from('1800000\tone more row\t1\n')]);
    const two = await backupBuffer(repo, second, ['vigie-run=2']);
    expect(two.addedBytes).toBeLessThan(8.5 * 1024 * 1024);
    expect(two.addedBytes).toBeLessThan(one.addedBytes / 5);
    const tagged = await listSnapshots(repo, 'vigie-run=2');
    expect(tagged.map((s) => s.id)).toEqual([
      expect.stringMatching(new RegExp(`^${two.snapshotId.slice(0, 8)}`)),
    ]);
    expect(tagged[0]?.hostname).toBe('vigie-test');
  });

  it('saves nothing when the backup is abandoned before its input ends', async () => {
    const backup = startStdinBackup(repo, {
      filename: 'db.pgdump',
      tags: ['vigie-run=abandoned'],
      hostname: 'h',
    });
    backup.input.write(rows(200_000, 5));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await backup.abandon();
    expect(await listSnapshots(repo, 'vigie-run=abandoned')).toEqual([]);
  });

  it('copies a snapshot to a second repository with its own key', async () => {
    const offsite: ResticRepository = { location: path.join(dir, 'offsite'), password: 'another-key' };
    await initRepository(offsite);
    const data = rows(10_000, 11);
    const made = await backupBuffer(repo, data, ['vigie-run=copy']);
    await copySnapshots(repo, offsite, [made.snapshotId]);
    const copied = await listSnapshots(offsite, 'vigie-run=copy');
    expect(copied).toHaveLength(1);
    expect((await readAll(offsite, copied[0]?.id ?? '')).equals(data)).toBe(true);
  });

  it('fails to read, and fails a full check, when one byte of the stored data is flipped', async () => {
    const damaged: ResticRepository = { location: path.join(dir, 'damaged'), password: 'k' };
    await initRepository(damaged);
    const made = await backupBuffer(damaged, rows(50_000, 13), ['vigie-run=flip']);
    await checkRepository(damaged, { readData: true });
    const packs = fs
      .readdirSync(path.join(damaged.location, 'data'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    const biggest = packs[0] ?? '';
    const bytes = fs.readFileSync(biggest);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    fs.chmodSync(biggest, 0o600);
    fs.writeFileSync(biggest, bytes);
    await expect(readAll(damaged, made.snapshotId)).rejects.toMatchObject({ name: 'ResticError' });
    await expect(checkRepository(damaged, { readData: true })).rejects.toMatchObject({ name: 'ResticError' });
  });

  it('forgets and prunes a snapshot', async () => {
    const made = await backupBuffer(repo, rows(1000, 17), ['vigie-run=forget']);
    await forgetSnapshots(repo, [made.snapshotId]);
    await pruneRepository(repo);
    expect(await listSnapshots(repo, 'vigie-run=forget')).toEqual([]);
  });
});
