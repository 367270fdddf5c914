// `npm start`: builds what is stale, then runs the simulator worker and the server (API + web app) on one
// port. Stops both when either stops or on Ctrl-C.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = new URL('..', import.meta.url).pathname;
buildIfStale();

const children = [];
let stopping = false;
function start(label, script, extraEnv = {}) {
  const child = spawn(process.execPath, [join(root, script)], { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${label} stopped (${signal ?? code}); shutting down\n`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((child) => (child.exitCode !== null ? null : new Promise((r) => child.on('exit', r))))).then(() => process.exit(code));
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const serverEnv = {};
if ((process.env.SIMULATOR ?? 'embedded') === 'embedded') {
  const dataDir = resolve(root, process.env.DATA_DIR ?? 'data');
  let token = process.env.SIMULATOR_TOKEN;
  if (!token && process.env.NODE_ENV !== 'production') {
    const { developmentSecrets } = await import(join(root, 'dist/backend/src/platform/config/config.loader.js'));
    token = developmentSecrets(dataDir).simulatorToken;
  }
  if (!token) {
    process.stderr.write('SIMULATOR_TOKEN must be set to run the embedded simulator in production (or set SIMULATOR=none)\n');
    process.exit(2);
  }
  const port = process.env.SIMULATOR_PORT ?? '8081';
  start('simulator worker', 'dist/gpu/simulator/main.js', {
    SIMULATOR_TOKEN: token,
    SIMULATOR_PORT: port,
    SIMULATOR_DATA_DIR: process.env.SIMULATOR_DATA_DIR ?? join(dataDir, 'simulator'),
  });
  serverEnv.SIMULATOR_URL = process.env.SIMULATOR_URL ?? `http://127.0.0.1:${port}`;
  // The local simulator pushes job reports back over loopback (faster live progress than polling alone).
  serverEnv.PUBLIC_BASE_URL = process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? '8080'}`;
  serverEnv.SIMULATOR_TOKEN = token;
}
start('server', 'dist/backend/src/main.js', serverEnv);
