import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../../test/support/test-store.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/vigie.mjs');
const EXAMPLE_DIR = path.join(ROOT, 'examples/gip-paca');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe(`the vigie binary on ${TEST_DIALECT}: validate, plan, apply the example`, () => {
  let environment: TestEnvironment;
  let workDir: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) {
      throw new Error('dist/ is missing: run `npm run build:server` first (the test runner does it).');
    }
    environment = await createTestEnvironment();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-binary-'));
  });
  afterAll(async () => {
    await environment?.cleanup();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** Runs `node bin/vigie.mjs ARGS` on the test store, stdin not a terminal. */
  function vigie(...args: string[]): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { env: environment.env, cwd: workDir },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  it('goes from files to store and back to no change, then sees exactly one edit', async () => {
    const validated = await vigie('validate', EXAMPLE_DIR);
    expect(validated).toMatchObject({ code: 0, stderr: '' });
    expect(validated.stdout).toMatch(/^The inventory is valid: \d+ objects/);

    const planned = await vigie('plan', '--json', EXAMPLE_DIR);
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.stdout).plan;
    expect(plan.summary).toMatchObject({ change: 0, remove: 0, unchanged: 0 });
    expect(plan.entries.map((e: { kind: string; key: string }) => `${e.kind}/${e.key}`)).toEqual(
      expect.arrayContaining([
        'device/ecwan',
        'device/virtualwan03',
        'device/virtualwan04',
        'vm/db03',
        'vm/host03',
        'vm/host04',
      ]),
    );

    const refused = await vigie('apply', EXAMPLE_DIR);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Refusing to apply without confirmation');

    const applied = await vigie('apply', '--yes', EXAMPLE_DIR);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`Applied revision 1: ${plan.summary.add} added, 0 changed, 0 removed.`);

    const unchanged = await vigie('plan', '--detailed-exitcode', EXAMPLE_DIR);
    expect(unchanged).toMatchObject({
      code: 0,
      stdout: 'No changes. The store matches the inventory files.\n',
    });

    const edited = path.join(workDir, 'gip-paca');
    fs.cpSync(EXAMPLE_DIR, edited, { recursive: true });
    const vmsFile = path.join(edited, 'vms.yaml');
    const vms = fs.readFileSync(vmsFile, 'utf8');
    expect(vms).toMatch(/- id: db03\n(?: {4}.*\n)*? {4}memory: 32GiB\n/);
    fs.writeFileSync(vmsFile, vms.replace(/(- id: db03\n(?: {4}.*\n)*? {4}memory: )32GiB/, '$164GiB'));

    const changed = await vigie('plan', '--detailed-exitcode', edited);
    expect(changed.code).toBe(2);
    expect(changed.stdout).toMatch(
      /\n {2}~ vm db03 {2}\(vms\.yaml:\d+:\d+\)\n {6}~ memory: 32GiB → 64GiB\n\n/,
    );
    expect(changed.stdout).toContain('Plan: 0 to add, 1 to change, 0 to remove.');
    expect(changed.stdout.match(/^ {2}[+~-] /gm)).toHaveLength(1);
    // Seven processes, each loading the whole CLI: generous on a loaded 2-core machine.
  }, 180_000);
});
