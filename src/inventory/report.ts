/** Inventory problems as a person reads them in a terminal, one compiler-like block per problem. */
import type { InventoryProblem } from './model.js';

/**
 * Formats problems, then a count line. Example:
 * ```
 * examples/x/vms.yaml:12:13 error vms[1].memory: "16 GB" is not a size
 *   expected: a size such as 16GiB or 512MiB
 *   hint: write 16GiB (binary, 1024-based) or 16GB (decimal), without a space
 *
 * 1 error, 0 warnings in 1 file
 * ```
 */
export function formatProblems(problems: readonly InventoryProblem[]): string {
  const blocks = problems.map(formatProblem);
  return [...blocks, countLine(problems)].join('\n');
}

function formatProblem(problem: InventoryProblem): string {
  const location = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  const subject = problem.path === '' ? '' : `${problem.path}: `;
  const lines = [`${location} ${problem.severity} ${subject}${problem.message}`];
  if (problem.expected !== undefined) lines.push(`  expected: ${problem.expected}`);
  if (problem.hint !== undefined) lines.push(`  hint: ${problem.hint}`);
  return `${lines.join('\n')}\n`;
}

/** `5 errors, 1 warning in 2 files`, or `no problems` when there are none. */
export function countLine(problems: readonly InventoryProblem[]): string {
  if (problems.length === 0) return 'no problems';
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  const files = new Set(problems.map((problem) => problem.file)).size;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files, 'file')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
