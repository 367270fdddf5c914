import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSimulator, type SimulatorHandle } from '../../../gpu/simulator/simulator.js';
import { SqliteEventStore } from '../platform/event-store/sqlite-event-store.js';
import { verifyLog } from '../platform/event-store/log-verifier.js';
import { SIMULATOR_TOKEN, TEST_ADMIN_KEY, TEST_API_KEY, TEST_ENCRYPTION_KEY, waitForStatus } from '../testing/test-app.js';

const ROOT = resolve(process.cwd());

/** Runs the built server as a real process (so it can be SIGKILLed) and resolves with its URL. */
function startServer(dataDir: string, simulator: SimulatorHandle, extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/backend/src/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'warn',
        ADMIN_KEY: TEST_ADMIN_KEY,
        API_KEY: TEST_API_KEY,
        ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        DEADLINE_TICK_MS: '50',
        WORKER_POLL_MIN_MS: '20',
        WORKER_POLL_MAX_MS: '100',
        WORKERS: JSON.stringify([{ id: 'sim-1', baseUrl: simulator.url, token: SIMULATOR_TOKEN }]),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
}

function client(url: string) {
  return {
    http: (path: string, init: RequestInit & { json?: unknown } = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { 'x-api-key': TEST_API_KEY, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
      }),
  };
}

describe('GEN-2, SC-2: the server killed mid-job and restarted', () => {
  let dataDir: string;
  let simulator: SimulatorHandle;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gg-restart-'));
    simulator = await startSimulator({ token: SIMULATOR_TOKEN, dataDir: join(dataDir, 'sim'), port: 0, speed: 0.05 });
  });
  afterAll(async () => {
    await simulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('re-attaches to the worker job and finishes the task exactly once; the log still verifies', async () => {
    const first = await startServer(dataDir, simulator);
    const api = client(first.url);
    const submitted = await api.http('/generate', { method: 'POST', json: { model: 'anisora', mode: 't2v', prompt: 'survive a crash', width: 256, height: 256, num_frames: 81, fps: 16 } });
    const { task_id: taskId } = (await submitted.json()) as { task_id: string };
    await waitForStatus(api, taskId, (s) => s.status === 'processing' && s.progress >= 10);
    first.child.kill('SIGKILL');
    await new Promise((resolveExit) => first.child.once('exit', resolveExit));

    const second = await startServer(dataDir, simulator);
    try {
      const done = await waitForStatus(client(second.url), taskId, (s) => s.status === 'done' || s.status === 'failed', 60_000);
      expect(done.status).toBe('done');
      const media = await client(second.url).http(done.result_url);
      expect(media.status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolveExit) => second.child.once('exit', resolveExit));
    }
    const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    try {
      const events = await store.readStream(`task-${taskId}`);
      const count = (type: string) => events.filter((event) => event.type === type).length;
      expect([count('TaskSubmitted'), count('TaskDispatched'), count('TaskStarted'), count('TaskCompleted'), count('TaskFailed')]).toEqual([1, 1, 1, 1, 0]);
      const progress = events.filter((event) => event.type === 'TaskProgressed').map((event) => (event.data as { progress: number }).progress);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      expect(simulator.jobs().filter((job) => job.state === 'succeeded')).toHaveLength(1);
      expect((await verifyLog(store, { contiguousPositions: true })).ok).toBe(true);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('GEN-6: a stale deadline set before the crash still fires after the restart (the task ends stale_timeout)', async () => {
    simulator.setFaults({ hang: true, hangAtProgress: 20 });
    const env = { TASK_IMAGE_TIMEOUT_MS: '4000' };
    const first = await startServer(dataDir, simulator, env);
    const submitted = await client(first.url).http('/generate', { method: 'POST', json: { model: 'flux', mode: 'txt2img', prompt: 'hang then crash', width: 256, height: 256 } });
    const { task_id: taskId } = (await submitted.json()) as { task_id: string };
    await waitForStatus(client(first.url), taskId, (s) => s.status === 'processing');
    first.child.kill('SIGKILL');
    await new Promise((resolveExit) => first.child.once('exit', resolveExit));
    const second = await startServer(dataDir, simulator, env);
    try {
      const failed = await waitForStatus(client(second.url), taskId, (s) => s.status === 'failed' || s.status === 'done', 30_000);
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'stale_timeout' } });
    } finally {
      simulator.setFaults({ reset: true });
      second.child.kill('SIGTERM');
      await new Promise((resolveExit) => second.child.once('exit', resolveExit));
    }
    const store = new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') });
    try {
      expect((await store.readStream(`task-${taskId}`)).filter((event) => event.type === 'TaskExpired')).toHaveLength(1);
    } finally {
      await store.close();
    }
  }, 120_000);
});
