/** Inventory sources for tests: the `vigie init` skeleton (a small valid inventory) with files added or replaced. */
import { parseInventorySources } from '../../src/inventory/load.js';
import type { InventoryLoadResult, InventoryProblem, InventorySource } from '../../src/inventory/model.js';
import { inventorySkeleton } from '../../src/inventory/skeleton.js';

/** The skeleton, with `files` (name → YAML) replacing files of the same name or added after them. */
export function skeletonWith(files: Readonly<Record<string, string>> = {}): InventorySource[] {
  const sources = inventorySkeleton().map((source) =>
    files[source.path] === undefined ? source : { path: source.path, content: files[source.path] ?? '' },
  );
  const added = Object.entries(files)
    .filter(([name]) => !sources.some((source) => source.path === name))
    .map(([path, content]) => ({ path, content }));
  return [...sources, ...added];
}

/** Loads the skeleton with `files` and returns the result. */
export function loadWith(files: Readonly<Record<string, string>> = {}): InventoryLoadResult {
  return parseInventorySources(skeletonWith(files));
}

/** The errors of a load (empty when it succeeded). */
export function errorsOf(result: InventoryLoadResult): readonly InventoryProblem[] {
  return result.ok ? [] : result.errors;
}

/** `file:line:column path: message` of each problem, for compact assertions. */
export function summaries(problems: readonly InventoryProblem[]): string[] {
  return problems.map(
    (problem) => `${problem.file}:${problem.line}:${problem.column} ${problem.path}: ${problem.message}`,
  );
}
