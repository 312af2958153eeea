/** The inventory commands: `vigie init`, `validate`, `plan`, `apply` and `schema`. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { cliActor } from '../cli/actor.js';
import type { CliContext } from '../cli/context.js';
import { AppError } from '../errors/app-error.js';
import { applyInventory } from './apply.js';
import { inventoryJsonSchemaText } from './json-schema.js';
import { loadInventory } from './load.js';
import type { DesiredObject, InventoryProblem } from './model.js';
import { OBJECT_KINDS } from './model.js';
import { formatPlan } from './plan.js';
import { formatProblems } from './report.js';
import { inventoryInvalid, planInventory } from './service.js';
import { inventorySkeleton, SKELETON_SCHEMA_FILE } from './skeleton.js';

/** `plan --detailed-exitcode` exits with this when applying would change the store. */
export const EXIT_PLAN_HAS_CHANGES = 2;

/** Mounts the inventory commands on the program. */
export function registerInventoryCommands(program: Command, context: CliContext): void {
  const { io } = context;

  program
    .command('init')
    .description('write a new inventory skeleton (never overwrites a file)')
    .argument('[dir]', 'directory to write it in', '.')
    .action((dir: string) => {
      // The YAML files point editors at the JSON Schema written beside them.
      const files = [
        ...inventorySkeleton(),
        { path: SKELETON_SCHEMA_FILE, content: inventoryJsonSchemaText() },
      ];
      const existing = files.map((f) => path.join(dir, f.path)).filter((file) => fs.existsSync(file));
      if (existing.length > 0) {
        throw new AppError('CONFLICT', `Refusing to overwrite existing files: ${existing.join(', ')}.`, {
          hint: 'Choose an empty directory (`vigie init DIR`), or move these files away first.',
          details: { existing },
        });
      }
      for (const file of files) {
        const target = path.join(dir, file.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        // `wx` fails rather than overwrite if the file appeared since the check above.
        fs.writeFileSync(target, file.content, { flag: 'wx' });
      }
      io.out(`Wrote an inventory skeleton in ${dir}:`);
      for (const file of files) io.out(`  ${path.join(dir, file.path)}`);
      io.out(
        `Next: describe your rack in these files, then run \`vigie validate ${dir}\` and \`vigie plan ${dir}\`.`,
      );
    });

  program
    .command('validate')
    .description('check inventory files and report every problem with its file:line:column')
    .argument('[paths...]', 'inventory files or directories', ['.'])
    .option('--json', 'print the result as JSON')
    .action(async (paths: string[], options: { json?: boolean }) => {
      const result = await loadInventory(paths);
      if (options.json) {
        io.out(
          JSON.stringify(
            result.ok
              ? { ok: true, objectCount: result.objects.length, errors: [], warnings: result.warnings }
              : { ok: false, objectCount: 0, errors: result.errors, warnings: result.warnings },
            null,
            2,
          ),
        );
      } else {
        const problems = [...(result.ok ? [] : result.errors), ...result.warnings];
        if (problems.length > 0) io.out(formatProblems(problems));
        if (result.ok) io.out(`The inventory is valid: ${describeObjects(result.objects)}.`);
      }
      if (!result.ok) {
        const n = result.errors.length;
        throw new AppError('INVENTORY_INVALID', `The inventory has ${n} error${n === 1 ? '' : 's'}.`, {
          hint: 'Each problem above names its file, line, column and field; fix them and validate again.',
        });
      }
    });

  program
    .command('plan')
    .description('show what applying the inventory files would add, change and remove in the store')
    .argument('[paths...]', 'inventory files or directories', ['.'])
    .option('--json', 'print the plan as JSON')
    .option('--detailed-exitcode', `exit ${EXIT_PLAN_HAS_CHANGES} when there are changes (0 when none)`)
    .action(
      async (paths: string[], options: { json?: boolean; detailedExitcode?: boolean }, command: Command) => {
        const { objects, warnings } = await loadValid(context, paths, Boolean(options.json));
        const plan = await context.withDeps(command, (deps) => planInventory(deps, objects));
        if (options.json) io.out(JSON.stringify({ plan, warnings }, null, 2));
        else io.out(formatPlan(plan, { color: colorWanted(context) }));
        // main() turns process.exitCode into the command's exit code.
        if (options.detailedExitcode && plan.entries.length > 0) process.exitCode = EXIT_PLAN_HAS_CHANGES;
      },
    );

  program
    .command('apply')
    .description('apply the inventory files to the store in one transaction (asks first on a terminal)')
    .argument('[paths...]', 'inventory files or directories', ['.'])
    .option('-y, --yes', 'apply without asking (for scripts)')
    .option('--json', 'print the plan and the result as JSON (needs --yes)')
    .action(async (paths: string[], options: { yes?: boolean; json?: boolean }, command: Command) => {
      const json = Boolean(options.json);
      if (json && !options.yes) {
        throw new AppError('BAD_INPUT', '`vigie apply --json` cannot ask for confirmation.', {
          hint: 'Review the plan with `vigie plan`, then run `vigie apply --json --yes`.',
        });
      }
      const { objects, warnings } = await loadValid(context, paths, json);
      await context.withDeps(command, async (deps) => {
        const plan = await planInventory(deps, objects);
        if (!json) io.out(formatPlan(plan, { color: colorWanted(context) }));
        if (plan.entries.length > 0 && !options.yes) await confirmApply(context);
        const result =
          plan.entries.length === 0
            ? { applied: false, revisionId: null, plan }
            : await applyInventory(deps, {
                objects,
                actor: cliActor(context.env),
                expectedDigest: plan.digest,
              });
        if (json) {
          io.out(JSON.stringify({ ...result, warnings }, null, 2));
        } else if (result.applied) {
          const { add, change, remove } = result.plan.summary;
          io.out(
            `Applied revision ${result.revisionId}: ${add} added, ${change} changed, ${remove} removed.`,
          );
        }
      });
    });

  program
    .command('schema')
    .description('print the JSON Schema of inventory files (for editor completion and checks)')
    .option('--out <file>', 'write it to this file instead of standard output')
    .action((options: { out?: string }) => {
      const text = inventoryJsonSchemaText();
      if (options.out === undefined) {
        io.out(text);
        return;
      }
      fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
      fs.writeFileSync(options.out, text);
      io.err(`Wrote the inventory JSON Schema to ${options.out}.`);
    });
}

/** Loads the files; on errors prints every problem (on stderr: stdout carries the plan) and throws. */
async function loadValid(
  context: CliContext,
  paths: readonly string[],
  json: boolean,
): Promise<{ objects: readonly DesiredObject[]; warnings: readonly InventoryProblem[] }> {
  const result = await loadInventory(paths);
  const problems = [...(result.ok ? [] : result.errors), ...result.warnings];
  if (problems.length > 0 && !json) context.io.err(formatProblems(problems));
  if (!result.ok) {
    const error = inventoryInvalid(result.errors, result.warnings);
    if (json)
      context.io.out(
        JSON.stringify({ ok: false, errors: result.errors, warnings: result.warnings }, null, 2),
      );
    throw error;
  }
  return { objects: result.objects, warnings: result.warnings };
}

async function confirmApply(context: CliContext): Promise<void> {
  if (!context.io.interactive) {
    throw new AppError(
      'BAD_INPUT',
      'Refusing to apply without confirmation: there is no terminal to ask on.',
      {
        hint: 'Review the plan above, then run the same command with --yes to apply it.',
      },
    );
  }
  if (!(await context.io.confirm('Apply these changes to the store?'))) {
    throw new AppError('BAD_INPUT', 'Apply cancelled: nothing was changed.', {
      hint: 'Run `vigie apply` again when the plan is what you want.',
    });
  }
}

function colorWanted(context: CliContext): boolean {
  return context.io.interactive && context.env.NO_COLOR === undefined && context.env.TERM !== 'dumb';
}

/** `42 objects (1 customer, 6 devices, ...)`. */
function describeObjects(objects: readonly DesiredObject[]): string {
  const parts = OBJECT_KINDS.map((kind) => [kind, objects.filter((o) => o.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${n === 1 ? kind : kind === 'person' ? 'people' : `${kind}s`}`);
  return `${objects.length} object${objects.length === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
