// `npm test [unit|int|e2e]`: every Jest tier (and the Python worker's unit tests when python3 and pytest
// are there), ending with one line CI reads: "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tiers = process.argv.slice(2).filter((arg) => ['unit', 'int', 'e2e'].includes(arg));
const passThrough = process.argv.slice(2).filter((arg) => !['unit', 'int', 'e2e', 'python'].includes(arg));
const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

const runPython = tiers.length === 0 || process.argv.includes('python');
const jsonOut = join(mkdtempSync(join(tmpdir(), 'gg-test-')), 'jest.json');
const jestArgs = [
  join(root, 'node_modules/jest/bin/jest.js'),
  '--ci',
  '--maxWorkers=2',
  `--json`,
  `--outputFile=${jsonOut}`,
  ...(tiers.length ? ['--selectProjects', ...tiers] : []),
  ...passThrough,
];
const jest = spawnSync(process.execPath, jestArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
if (jest.status !== 0) exitCode = 1;
if (existsSync(jsonOut)) {
  const report = JSON.parse(readFileSync(jsonOut, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  totals.skipped += report.numPendingTests + report.numTodoTests;
} else {
  totals.failed += 1;
}

const pythonTests = join(root, 'gpu/modal/tests');
if (runPython && existsSync(pythonTests)) {
  // Debian's python3-pytest/-pil/-numpy live beside /usr/bin/python3, which may not be the python3 on PATH.
  const python = ['/usr/bin/python3', 'python3'].find((candidate) => spawnSync(candidate, ['-c', 'import pytest, PIL, numpy'], { cwd: root }).status === 0);
  if (!python) {
    const required = (process.env.REQUIRE_SERVICES ?? '').split(',').includes('python');
    process.stdout.write(`\n!!! SKIPPED: Python worker tests (gpu/modal/tests) — python3 with pytest, PIL and numpy is missing (apt-get install python3-pytest python3-pil python3-numpy)\n`);
    if (required) {
      totals.failed += 1;
      exitCode = 1;
    } else totals.skipped += 1;
  } else {
    const pytest = spawnSync(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', pythonTests], { cwd: root, encoding: 'utf8' });
    process.stdout.write(pytest.stdout + pytest.stderr);
    const summary = (pytest.stdout.trim().split('\n').pop() ?? '').replace(/=/g, '');
    for (const [, count, kind] of summary.matchAll(/(\d+) (passed|failed|skipped|error|errors)/g)) {
      if (kind === 'passed') totals.passed += Number(count);
      else if (kind === 'skipped') totals.skipped += Number(count);
      else totals.failed += Number(count);
    }
    if (pytest.status !== 0) exitCode = 1;
  }
}

process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(exitCode);
