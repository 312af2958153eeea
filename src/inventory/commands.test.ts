import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnvironment, TEST_DIALECT, type TestEnvironment } from '../../test/support/test-store.js';
import type { CliIo } from '../cli/io.js';
import { main } from '../cli/main.js';
import { openStore } from '../store/store.js';

const EXAMPLE_DIR = path.resolve(import.meta.dirname, '../../examples/gip-paca');

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
  questions: string[];
}

describe(`inventory commands on ${TEST_DIALECT}`, () => {
  let environment: TestEnvironment;
  let workDir: string;
  beforeEach(async () => {
    environment = await createTestEnvironment();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-inventory-'));
  });
  afterEach(async () => {
    await environment.cleanup();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  /** Runs `vigie ARGS` in-process with a fake terminal that answers `answer` to confirmations. */
  async function vigie(
    args: string[],
    terminal: { interactive?: boolean; answer?: boolean } = {},
  ): Promise<Captured> {
    const captured = { code: -1, stdout: '', stderr: '', questions: [] as string[] };
    const io: CliIo = {
      out: (text) => {
        captured.stdout += text.endsWith('\n') ? text : `${text}\n`;
      },
      err: (text) => {
        captured.stderr += text.endsWith('\n') ? text : `${text}\n`;
      },
      interactive: terminal.interactive ?? false,
      confirm: async (question) => {
        captured.questions.push(question);
        return terminal.answer ?? false;
      },
      readLine: async () => '',
    };
    try {
      captured.code = await main(['node', 'vigie', ...args], io, environment.env);
    } finally {
      // main() reports process.exitCode; it must not leak into the next command or the test runner.
      process.exitCode = undefined;
    }
    return captured;
  }

  /** A copy of the example in the work directory, with `edit` applied to one file. */
  function copyExample(file?: string, edit?: (content: string) => string): string {
    const dir = path.join(workDir, 'inventory');
    fs.cpSync(EXAMPLE_DIR, dir, { recursive: true });
    if (file && edit)
      fs.writeFileSync(path.join(dir, file), edit(fs.readFileSync(path.join(dir, file), 'utf8')));
    return dir;
  }

  async function revisionCount(): Promise<number> {
    const store = await openStore(environment.config);
    try {
      return (await store.db.selectFrom('inventory_revisions').select('id').execute()).length;
    } finally {
      await store.close();
    }
  }

  it('validates the example and counts its objects', async () => {
    const result = await vigie(['validate', EXAMPLE_DIR]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /The inventory is valid: \d+ objects \(1 customer, 1 provider, 1 contract, .*3 vms/,
    );
    const json = await vigie(['validate', '--json', EXAMPLE_DIR]);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, errors: [] });
  });

  it('reports every problem of invalid files with its location, exit 1, without touching the store', async () => {
    const dir = copyExample('vms.yaml', (text) =>
      text
        .replace('memory: 32GiB', 'memory: 32 GB')
        .replace('hypervisor: virtualwan03', 'hypervisor: virtualwan09'),
    );
    const result = await vigie(['validate', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/vms\.yaml:\d+:\d+ error vms\[0\]\.memory/);
    expect(result.stdout).toMatch(/virtualwan09/);
    expect(result.stderr).toMatch(/error: The inventory has \d+ errors\./);
    const json = await vigie(['validate', '--json', dir]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).errors.length).toBeGreaterThanOrEqual(2);

    const planned = await vigie(['plan', dir]);
    expect(planned.code).toBe(1);
    expect(planned.stdout).toBe('');
    expect(planned.stderr).toMatch(/vms\.yaml:\d+:\d+ error/);
    expect(fs.existsSync(path.join(environment.dataDir, 'vigie.sqlite'))).toBe(false);
  });

  it('plans, applies with --yes, then plans no change', async () => {
    const first = await vigie(['plan', EXAMPLE_DIR]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ vm db03  (vms.yaml:');
    expect(first.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to remove\./);
    expect((await vigie(['plan', '--detailed-exitcode', EXAMPLE_DIR])).code).toBe(2);

    const applied = await vigie(['apply', '--yes', EXAMPLE_DIR]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Applied revision 1: \d+ added, 0 changed, 0 removed\./);

    const again = await vigie(['plan', '--detailed-exitcode', EXAMPLE_DIR]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('No changes. The store matches the inventory files.\n');
    const reapplied = await vigie(['apply', '--yes', EXAMPLE_DIR]);
    expect(reapplied.stdout).toContain('No changes.');
    expect(await revisionCount()).toBe(1);
  });

  it('shows exactly the memory change of an edited VM, in text and JSON', async () => {
    expect((await vigie(['apply', '--yes', EXAMPLE_DIR])).code).toBe(0);
    const dir = copyExample('vms.yaml', (text) => text.replace('memory: 32GiB', 'memory: 64GiB'));
    const text = await vigie(['plan', dir]);
    expect(text.stdout).toMatch(
      /^Applying the inventory would make these changes to the store:\n\n {2}~ vm db03 {2}\(vms\.yaml:\d+:\d+\)\n {6}~ memory: 32GiB → 64GiB\n\n\d+ objects unchanged\.\nPlan: 0 to add, 1 to change, 0 to remove\.\n$/,
    );
    const json = JSON.parse((await vigie(['plan', '--json', dir])).stdout);
    expect(json.plan.entries).toHaveLength(1);
    expect(json.plan.entries[0].changes).toEqual([
      { path: 'memory', op: 'change', before: 32 * 1024 ** 3, after: 64 * 1024 ** 3 },
    ]);
  });

  it('asks before applying on a terminal, and refuses without one', async () => {
    const refused = await vigie(['apply', EXAMPLE_DIR]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/Plan: \d+ to add/);
    expect(refused.stderr).toContain(
      'error: Refusing to apply without confirmation: there is no terminal to ask on.',
    );
    expect(refused.stderr).toContain('--yes');

    const declined = await vigie(['apply', EXAMPLE_DIR], { interactive: true, answer: false });
    expect(declined.questions).toEqual(['Apply these changes to the store?']);
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain('Apply cancelled: nothing was changed.');
    expect(await revisionCount()).toBe(0);

    const accepted = await vigie(['apply', EXAMPLE_DIR], { interactive: true, answer: true });
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('Applied revision 1');
    expect(await revisionCount()).toBe(1);

    const nothingToAsk = await vigie(['apply', EXAMPLE_DIR], { interactive: true, answer: true });
    expect(nothingToAsk.questions).toEqual([]);
  });

  it('prints the apply result as JSON with --json --yes, and refuses --json alone', async () => {
    const alone = await vigie(['apply', '--json', EXAMPLE_DIR]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('--yes');
    const result = await vigie(['apply', '--json', '--yes', EXAMPLE_DIR]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({ applied: true, revisionId: 1, warnings: [] });
    expect(parsed.plan.summary.add).toBeGreaterThan(30);
  });

  it('writes a skeleton that validates, and never overwrites one', async () => {
    const dir = path.join(workDir, 'new');
    const created = await vigie(['init', dir]);
    expect(created.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'vms.yaml'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'inventory.schema.json'), 'utf8'))).toHaveProperty(
      'properties',
    );
    expect((await vigie(['validate', dir])).code).toBe(0);

    fs.writeFileSync(path.join(dir, 'vms.yaml'), '# mine\n');
    const again = await vigie(['init', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Refusing to overwrite existing files');
    expect(fs.readFileSync(path.join(dir, 'vms.yaml'), 'utf8')).toBe('# mine\n');
  });

  it('prints the JSON Schema or writes it to a file', async () => {
    const printed = await vigie(['schema']);
    expect(printed.code).toBe(0);
    const schema = JSON.parse(printed.stdout);
    expect(schema.$schema).toContain('draft-07');
    const out = path.join(workDir, 'nested', 'inventory.schema.json');
    expect((await vigie(['schema', '--out', out])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(schema);
  });
});
