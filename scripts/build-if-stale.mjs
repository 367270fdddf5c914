// Builds the backend and the web app only when their sources are newer than the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function newestMtime(paths) {
  let newest = 0;
  const walk = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules' && !entry.startsWith('.')) walk(join(path, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  paths.forEach((path) => walk(join(root, path)));
  return newest;
}

function mtime(path) {
  const full = join(root, path);
  return existsSync(full) ? statSync(full).mtimeMs : 0;
}

function run(label, command, args) {
  process.stdout.write(`» ${label}…\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`✗ ${label} failed (exit ${result.status})\n`);
    process.exit(result.status ?? 1);
  }
}

export function buildIfStale({ frontend = true } = {}) {
  const backendSources = newestMtime(['backend/src', 'contracts', 'gpu/simulator', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']);
  if (backendSources > mtime('dist/.tsbuildinfo') || !existsSync(join(root, 'dist/backend/src/main.js'))) {
    run('building the backend', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  }
  if (frontend && existsSync(join(root, 'angular.json'))) {
    const webSources = newestMtime(['frontend', 'angular.json', 'contracts', 'package-lock.json']);
    if (webSources > mtime('dist/frontend/browser/index.html')) {
      run('building the web app', process.execPath, [join(root, 'node_modules/@angular/cli/bin/ng.js'), 'build', '--configuration', 'production']);
    }
  }
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) buildIfStale({ frontend: !process.argv.includes('--backend-only') });
