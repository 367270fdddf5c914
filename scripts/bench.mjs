#!/usr/bin/env node
/**
 * `npm run bench -- <name> [options]`: runs one benchmark from bench/<name>/index.mjs in its own Node
 * process (with --expose-gc, so runs can collect garbage between them). Benchmark-only dependencies live
 * in bench/package.json, never in the product's; they are installed on first use.
 *
 * Add a benchmark: create bench/<name>/index.mjs (runs when executed directly, taking the options) and
 * list it below.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(repoDir, 'bench');

const BENCHMARKS = {
  'event-store': {
    description: 'SqliteEventStore + ProjectionRunner vs raw better-sqlite3 vs Emmett SQLite: appends, batches, readAll, rebuild (~4 min)',
    entry: 'bench/event-store/index.mjs',
    needs: ['@event-driven-io/emmett-sqlite', 'sqlite3'],
  },
  generation: {
    description: 'POST /generate time-to-task-id (10 and 100 submitters), GET /status throughput and p95, SSE delay (~2 min)',
    entry: 'bench/generation/index.mjs',
    needs: [],
  },
};

function usage(stream) {
  stream.write('Usage: npm run bench -- <name> [options]\n\nBenchmarks:\n');
  for (const [name, { description }] of Object.entries(BENCHMARKS)) stream.write(`  ${name.padEnd(14)} ${description}\n`);
  stream.write('\nOptions are the benchmark\'s own (see the header of its index.mjs), e.g. --quick, --profile.\n');
}

/** Installs bench/node_modules from bench/package-lock.json when it or a needed package is missing. */
function ensureBenchDependencies(needs) {
  const missing = needs.filter((name) => !existsSync(join(benchDir, 'node_modules', ...name.split('/'), 'package.json')));
  if (missing.length === 0) return;
  process.stderr.write(`[bench] installing benchmark dependencies into bench/node_modules (missing: ${missing.join(', ')}); sqlite3 compiles natively, ~1-2 min\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const command = existsSync(join(benchDir, 'package-lock.json')) ? 'ci' : 'install';
  const result = spawnSync(npm, [command, '--no-audit', '--no-fund', '--legacy-peer-deps'], { cwd: benchDir, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`[bench] npm ${command} in bench/ failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h') {
  usage(name ? process.stdout : process.stderr);
  process.exit(name ? 0 : 2);
}
const benchmark = BENCHMARKS[name];
if (!benchmark) {
  process.stderr.write(`Unknown benchmark "${name}".\n\n`);
  usage(process.stderr);
  process.exit(2);
}
ensureBenchDependencies(benchmark.needs ?? []);
const result = spawnSync(process.execPath, ['--expose-gc', join(repoDir, benchmark.entry), ...args], { cwd: repoDir, stdio: 'inherit' });
process.exit(result.status ?? 1);
