import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Block } from '../reports/document.js';
import type { SourcePolicy } from './policies.js';
import { restoreSteps } from './restore-plan-steps.js';
import { RESTORE_PLAN_STRINGS } from './restore-plan-strings.js';

const HOSTILE = "x'; touch /tmp/pwned-$(id -u) #";

const policy = (overrides: Partial<SourcePolicy>): SourcePolicy => ({
  source: 'database:crm',
  kind: 'postgresql',
  object: { kind: 'database', id: 'crm', name: 'crm' },
  host: 'db1',
  schedule: '0 2 * * *',
  retention: { daily: 7, weekly: 4, monthly: 12, yearly: 2 },
  destinations: ['local'],
  rpoTargetSeconds: 93_600,
  drill: null,
  globals: true,
  endpoint: {
    server: 'db1-postgresql',
    host: 'db1',
    address: '10.0.0.5',
    port: 5432,
    database: HOSTILE,
    user: 'vigie',
    passwordSecret: undefined,
  },
  ...overrides,
});

function commandLines(blocks: readonly Block[]): string[] {
  const lines: string[] = [];
  const walk = (block: Block) => {
    if (block.kind === 'code') lines.push(...block.lines);
    if (block.kind === 'list')
      for (const item of block.items) for (const inner of item.details ?? []) walk(inner);
  };
  blocks.forEach(walk);
  return lines;
}

/** What POSIX sh makes of a line: its words, without running anything. */
function shellWords(line: string): string[] {
  const out = execFileSync('bash', ['-c', `set -f; printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('restoreSteps', () => {
  it('quotes inventory values so that a pasted command passes them as single words', () => {
    const lines = commandLines(
      restoreSteps({
        policy: policy({}),
        destination: { id: 'local', type: 'local', path: '/srv/backups/my repo' },
        verified: null,
        hostAddress: undefined,
        strings: RESTORE_PLAN_STRINGS.en,
        formatInstant: (iso) => iso,
      }),
    );
    const createdb = lines.find((line) => line.startsWith('createdb '));
    expect(createdb).toBeDefined();
    expect(shellWords(createdb ?? '')).toEqual([
      'createdb',
      '-h',
      '10.0.0.5',
      '-p',
      '5432',
      '-U',
      'postgres',
      HOSTILE,
    ]);
    const aside = lines.find((line) => line.includes('--to-database'));
    expect(shellWords((aside ?? '').replace('<run-id>', 'RUN'))).toEqual([
      'vigie',
      'restore',
      'RUN',
      '--to-database',
      `${HOSTILE}_restore`,
    ]);
    expect(lines).toContain("export RESTIC_REPOSITORY='/srv/backups/my repo'");
    // Without a verified run, the manual steps name the newest snapshot of the source.
    expect(
      lines.some((line) =>
        line.startsWith(
          `restic dump --tag vigie-source=database:crm latest '${HOSTILE.replace(/'/g, "'\\''")}.pgdump'`,
        ),
      ),
    ).toBe(true);
  });

  it('gives files a restore beside the originals and back in place, over ssh to the host address', () => {
    const lines = commandLines(
      restoreSteps({
        policy: policy({
          source: 'files:website-intranet',
          kind: 'files',
          object: { kind: 'website', id: 'intranet', name: 'Intranet' },
          host: 'web1',
          endpoint: undefined,
          paths: ['/var/www/intra net'],
        }),
        destination: { id: 'off', type: 'sftp', host: 'backup-host', path: '/srv/restic' },
        verified: null,
        hostAddress: '10.0.0.9',
        strings: RESTORE_PLAN_STRINGS.fr,
        formatInstant: (iso) => iso,
      }),
    );
    expect(lines).toContain('vigie restore <run-id> --to-host web1 --to-path /var/tmp/vigie-restore');
    expect(lines).toContain('export RESTIC_REPOSITORY=sftp:backup-host:/srv/restic');
    const copyBack = lines.find((line) => line.includes(' cp -a ') || line.includes("'cp -a"));
    // ssh hands its argument to the remote shell, which must see the path as one word.
    const [ssh, target, remote] = shellWords(copyBack ?? '');
    expect([ssh, target]).toEqual(['ssh', 'root@10.0.0.9']);
    expect(shellWords(remote ?? '')).toEqual([
      'cp',
      '-a',
      '/var/tmp/vigie-restore/var/www/intra net/.',
      '/var/www/intra net/',
    ]);
  });
});
