#!/usr/bin/env node
// Runs the test suite on each store dialect (everything on SQLite, then on PostgreSQL every test
// that reaches the store) after building the server and the UI, and ends with one plain line:
// `N passed, N failed`.
// Usage: node scripts/test.mjs [--dialect sqlite|postgres] [vitest filters...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dialectDependentTests } from './dialect-tests.mjs';

const args = process.argv.slice(2);
let dialects = ['sqlite', 'postgres'];
const dialectFlag = args.indexOf('--dialect');
if (dialectFlag !== -1) {
  dialects = [args[dialectFlag + 1]];
  args.splice(dialectFlag, 2);
}

function run(command, commandArgs, env = process.env) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', env });
  return result.status ?? 1;
}

if (!process.env.VIGIE_SKIP_BUILD) {
  if (run('npm', ['run', '--silent', 'build']) !== 0) {
    console.log('build failed');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;

// Static checks count as tests: the compiler's strict mode and the linter guard where bugs hide.
const staticChecks = [
  ['typecheck (server, tests)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['typecheck (web interface)', 'npx', ['tsc', '-p', 'ui/tsconfig.json', '--noEmit']],
  [
    'lint (biome)',
    'npx',
    ['biome', 'check', '--diagnostic-level=error', 'src', 'ui/src', 'test', 'scripts', 'lab'],
  ],
];
if (!process.env.VIGIE_SKIP_STATIC_CHECKS) {
  for (const [name, command, commandArgs] of staticChecks) {
    const ok = run(command, commandArgs) === 0;
    console.log(`${ok ? '✓' : '✗'} ${name}`);
    if (ok) passed += 1;
    else failed += 1;
  }
}
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-vitest-'));
for (const dialect of dialects) {
  console.log(`\n=== tests on ${dialect} ===`);
  const report = path.join(reportDir, `${dialect}.json`);
  // The first dialect runs everything; later ones only the tests whose result can depend on it.
  const files = dialect === dialects[0] || args.length > 0 ? args : dialectDependentTests();
  const status = run(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...files],
    { ...process.env, VIGIE_TEST_DIALECT: dialect, TZ: 'UTC' },
  );
  if (!fs.existsSync(report)) {
    // vitest died before reporting (a crash or a configuration error): count the run as failed.
    console.log(`vitest on ${dialect} exited ${status} without a report`);
    failed += 1;
    continue;
  }
  const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += summary.numPassedTests;
  failed += summary.numFailedTests;
  skipped += summary.numPendingTests + summary.numTodoTests;
  // A suite that fails to load has no failed tests but a failed file: count it.
  const brokenFiles = summary.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  );
  failed += brokenFiles.length;
  if (status !== 0 && summary.numFailedTests === 0 && brokenFiles.length === 0) failed += 1;
  console.log(
    `${dialect}: ${summary.numPassedTests} passed, ${summary.numFailedTests + brokenFiles.length} failed`,
  );
}
fs.rmSync(reportDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
