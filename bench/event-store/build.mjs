/** Compiles only the platform files the benchmark needs (bench/tsconfig.event-store.json), so unrelated work in progress cannot break it. */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = resolve(benchDir, '..');
/** Under bench/node_modules: git-ignored, and Node resolves typeorm and better-sqlite3 from the root from there. */
export const buildDir = join(benchDir, 'node_modules', '.bench-build');

export function buildOurs(log = () => undefined) {
  const started = performance.now();
  const tsc = createRequire(join(repoDir, 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(benchDir, 'tsconfig.event-store.json')], { cwd: repoDir, stdio: 'inherit' });
  log(`built our store and runner into ${buildDir} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return buildDir;
}
