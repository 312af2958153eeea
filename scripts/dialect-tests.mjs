// Which test files depend on the store dialect: those that reach `test/support/test-store.ts`
// through their relative imports. The others (probes, parsers, restic, dump pipelines, the UI
// logic...) give the same result on either dialect, so the suite runs them once, not twice.
import fs from 'node:fs';
import path from 'node:path';

const DIALECT_SOURCE = path.resolve('test/support/test-store.ts');
const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

function listTests(directory) {
  const found = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...listTests(full));
    else if (entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

/** `./x.js` written in TypeScript sources names `./x.ts` (or `./x.tsx`, or a directory index). */
function resolveImport(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(m?js|tsx?)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, base, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function reachesDialect(file, memo, visiting = new Set()) {
  if (memo.has(file)) return memo.get(file);
  if (file === DIALECT_SOURCE) return true;
  if (visiting.has(file)) return false;
  visiting.add(file);
  const text = fs.readFileSync(file, 'utf8');
  let reaches = false;
  for (const match of text.matchAll(IMPORT)) {
    const target = resolveImport(file, match[1]);
    if (target !== undefined && reachesDialect(target, memo, visiting)) {
      reaches = true;
      break;
    }
  }
  visiting.delete(file);
  memo.set(file, reaches);
  return reaches;
}

/** Test files (relative paths) whose results can differ between SQLite and PostgreSQL. */
export function dialectDependentTests(roots = ['src', 'test']) {
  const memo = new Map();
  return roots
    .flatMap((root) => listTests(path.resolve(root)))
    .filter((file) => reachesDialect(file, memo))
    .map((file) => path.relative(process.cwd(), file))
    .sort();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const file of dialectDependentTests()) console.log(file);
}
