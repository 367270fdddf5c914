import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS_DIR, REPO_ROOT } from './paths.js';

/**
 * Starts the product the way the README does (`npm start` = `node scripts/start.mjs`): it builds what is
 * stale, then runs the simulator worker and the server (API + web app) on one port, as child processes of
 * one detached process group that `stop()` ends as a whole — also when a test failed.
 */

export interface RunningProduct {
  /** `http://127.0.0.1:<PORT>` — the web app and the API. */
  readonly url: string;
  readonly port: number;
  readonly simulatorPort: number;
  /** `http://127.0.0.1:<SIMULATOR_PORT>` — the embedded simulator worker. */
  readonly simulatorUrl: string;
  readonly dataDir: string;
  /** `<DATA_DIR>/secrets.json`, created by the first start (development mode). */
  secrets(): { adminKey: string; simulatorToken: string };
  /** Everything the start script, the server and the simulator printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Names the log file kept under test-artifacts/ (`browser-e2e/<name>-server.log`). */
  readonly name: string;
  /** SIMULATOR_SPEED: 1 ≈ real GPU timings; small values keep progress visible but fast. */
  readonly simulatorSpeed?: number;
  readonly startTimeoutMs?: number;
}

/** Variables the product reads; none is passed through from the test environment (a plain `npm start`). */
const PASS_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LC_ALL', 'TZ', 'USER', 'SHELL'];

const BUILD_LOCK = join(tmpdir(), `gooni-e2e-build-${Buffer.from(REPO_ROOT).toString('hex').slice(-24)}.lock`);

export async function startProduct(options: StartOptions): Promise<RunningProduct> {
  const [port, simulatorPort] = await freePorts(2);
  const dataDir = mkdtempSync(join(tmpdir(), 'gg-browser-e2e-'));
  const speed = Number(process.env.E2E_SIMULATOR_SPEED ?? options.simulatorSpeed ?? 0.1);
  const env: NodeJS.ProcessEnv = {};
  for (const name of PASS_THROUGH) if (process.env[name] !== undefined) env[name] = process.env[name];
  Object.assign(env, {
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    PORT: String(port),
    SIMULATOR_PORT: String(simulatorPort),
    SIMULATOR_SPEED: String(speed),
    LOG_LEVEL: 'warn',
  });

  let log = '';
  const append = (chunk: Buffer | string) => {
    log += chunk.toString();
    if (log.length > 2_000_000) log = log.slice(-1_000_000);
  };

  // Two suites (two Jest workers) may start at once: let one of them build the web app, not both into the
  // same dist/ folder. start.mjs then finds everything fresh.
  try {
    await withLock(BUILD_LOCK, () => runBuild(env, append));
  } catch (error) {
    saveLog(options.name, log);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'start.mjs')], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid!;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      /* already gone */
    }
  };
  // A crashed or interrupted Jest worker must not leave a server behind.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code ?? 0)));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup('SIGTERM');
    const graceful = await Promise.race([exited.then(() => true), delay(5_000, { unref: true }).then(() => false)]);
    // start.mjs is gone; its children (server, simulator, ffmpeg) may linger: end the whole group.
    if (!graceful || groupAlive(pid)) {
      if (groupAlive(pid)) await waitUntilGone(pid, 3_000);
      killGroup('SIGKILL');
    }
    process.removeListener('exit', onExit);
    saveLog(options.name, log);
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };

  let ready = false;
  let died = false;
  void exited.then(() => (died = true));
  const url = await Promise.race([
    waitForLine(() => log, /running at (http:\/\/\S+)/, options.startTimeoutMs ?? 220_000, () => died),
    // Settles only when start.mjs dies first (after a successful start this stays pending, unobserved).
    exited.then((code) => (ready ? new Promise<string>(() => undefined) : Promise.reject(new Error(`npm start exited (${code}) before it was ready:\n${tail(log)}`)))),
  ]).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  ready = true;
  if (url !== `http://127.0.0.1:${port}`) {
    await stop();
    throw new Error(`npm start runs at ${url}, expected port ${port}`);
  }
  return {
    url,
    port,
    simulatorPort,
    simulatorUrl: `http://127.0.0.1:${simulatorPort}`,
    dataDir,
    secrets: () => JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { adminKey: string; simulatorToken: string },
    output: () => log,
    stop,
  };
}

function runBuild(env: NodeJS.ProcessEnv, append: (chunk: Buffer | string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const build = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'build-if-stale.mjs')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      append(chunk);
    };
    build.stdout.on('data', collect);
    build.stderr.on('data', collect);
    build.once('error', reject);
    build.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the product failed (exit ${code}):\n${tail(output)}`))));
  });
}

async function withLock<T>(path: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 6 * 60_000;
  for (;;) {
    try {
      mkdirSync(path);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A holder that died long ago (killed run) leaves the directory behind.
      const since = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 5 * 60_000) rmSync(path, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${path}`);
      await delay(250);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}

async function waitForLine(read: () => string, pattern: RegExp, timeoutMs: number, gaveUp: () => boolean): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(read());
    if (match) return match[1]!;
    if (gaveUp()) return new Promise<string>(() => undefined); // the exit is reported by the other racer
    if (Date.now() > deadline) throw new Error(`npm start printed no "running at" line within ${timeoutMs} ms:\n${tail(read())}`);
    await delay(100);
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid) && Date.now() < deadline) await delay(100);
}

/** Ports the OS hands out now; start.mjs binds them a moment later (a tiny race we accept). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function saveLog(name: string, log: string): void {
  try {
    const dir = join(ARTIFACTS_DIR, 'browser-e2e');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}-server.log`), log);
  } catch {
    /* best effort */
  }
}

function tail(text: string, lines = 60): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

function delay(ms: number, { unref = false } = {}): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (unref) timer.unref();
  });
}
