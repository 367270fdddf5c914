import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AccountEntity } from '../worker-accounts/account-status/account.entity.js';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../../gpu/simulator/simulator.js';
import { AppModule } from '../app.module.js';
import type { Clock } from '../platform/clock/clock.js';
import { loadConfig } from '../platform/config/config.loader.js';
import type { AppConfig } from '../platform/config/app-config.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../platform/event-store/event-store.port.js';
import { createHttpApp } from '../platform/http/http-app.factory.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdefghijklmnop';
export const TEST_ENCRYPTION_KEY = randomBytes(32).toString('base64');
/** Accepted as a full-scope API key (COMPAT); `http()` sends it unless told `auth: false`. */
export const TEST_API_KEY = 'test-api-key-0123456789abcdef';

export interface TestAppOptions {
  /** Simulators to start and register as workers (accounts sim-1, sim-2, …). */
  simulators?: Partial<SimulatorOptions>[];
  env?: Record<string, string>;
  clock?: Clock;
  dataDir?: string;
  /** Let workers push job reports to this app (PUBLIC_BASE_URL = its own address). */
  callbacks?: boolean;
  /** Wait until the configured accounts reach this state before returning (default ready). */
  accountsReady?: 'ready' | 'settled' | 'none';
}

export interface TestApp {
  url: string;
  app: NestFastifyApplication;
  config: AppConfig;
  dataDir: string;
  simulators: SimulatorHandle[];
  store: EventStore;
  runtime: PlatformRuntime;
  http(path: string, init?: RequestInit & { json?: unknown; auth?: boolean }): Promise<Response>;
  events(): Promise<RecordedEvent[]>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

export const SIMULATOR_TOKEN = 'simulator-token-for-tests-0123456789';

/** The whole backend on a free port, with in-process simulator workers: what e2e tests drive over HTTP. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gg-e2e-'));
  const simulators = await Promise.all(
    (options.simulators ?? []).map((simulator, index) =>
      startSimulator({ token: SIMULATOR_TOKEN, dataDir: join(dataDir, `sim-${index + 1}`), port: 0, speed: 0.001, ...simulator }),
    ),
  );
  const port = options.callbacks ? await freePort() : 0;
  const config = loadConfig(
    {
      PORT: String(port),
      ...(options.callbacks ? { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` } : {}),
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ADMIN_KEY: TEST_ADMIN_KEY,
      API_KEY: TEST_API_KEY,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      EVENTSTORE_SQLITE_SYNCHRONOUS: 'NORMAL',
      DEADLINE_TICK_MS: '25',
      WORKER_POLL_MIN_MS: '20',
      WORKER_POLL_MAX_MS: '100',
      PROCESS_RETRY_BASE_MS: '20',
      ACCOUNT_HEALTH_ATTEMPTS: '3',
      ACCOUNT_HEALTH_INTERVAL_MS: '50',
      ACCOUNT_FAILED_COOLDOWN_MS: '60000',
      WORKERS: JSON.stringify(simulators.map((simulator, index) => ({ id: `sim-${index + 1}`, baseUrl: simulator.url, token: SIMULATOR_TOKEN }))),
      ...options.env,
    },
    { rootDir: resolve(process.cwd()) },
  );
  const app = await createHttpApp(AppModule.register({ config, role: 'server', clock: options.clock }), config, false);
  await app.listen({ port, host: '127.0.0.1' });
  await waitForAccounts(app, simulators.length, options.accountsReady ?? 'ready');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const store = app.get<EventStore>(EVENT_STORE);
  return {
    url,
    app,
    config,
    dataDir,
    simulators,
    store,
    runtime: app.get(PlatformRuntime),
    http(path, init = {}) {
      const { json, auth = true, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (auth && !headers.has('x-api-key') && !headers.has('cookie')) headers.set('x-api-key', TEST_API_KEY);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${url}${path}`, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
    },
    async events() {
      const all: RecordedEvent[] = [];
      for (let after = 0; ; ) {
        const batch = await store.readAll({ after, maxCount: 5000 });
        if (batch.length === 0) return all;
        all.push(...batch);
        after = batch[batch.length - 1].position;
      }
    },
    async close(closeOptions = {}) {
      await app.close();
      await Promise.all(simulators.map((simulator) => simulator.close()));
      if (!closeOptions.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Logs in as admin (AUTH-4) and returns the Cookie header value to send on /admin routes. */
export async function adminCookie(app: Pick<TestApp, 'http'>): Promise<string> {
  const response = await app.http('/admin/session', { method: 'POST', auth: false, headers: { 'x-admin-key': TEST_ADMIN_KEY } });
  if (response.status !== 204) throw new Error(`admin login answered ${response.status}: ${await response.text()}`);
  const cookie = (response.headers.getSetCookie?.() ?? [response.headers.get('set-cookie') ?? '']).find((line) => line.startsWith('gg_admin_session='));
  if (!cookie) throw new Error('admin login set no gg_admin_session cookie');
  return cookie.split(';')[0];
}

/** Configured workers register and health-check asynchronously at boot; tests start once they settled. */
async function waitForAccounts(app: NestFastifyApplication, count: number, until: 'ready' | 'settled' | 'none'): Promise<void> {
  if (until === 'none' || count === 0) return;
  const repository = app.get(DataSource).getRepository(AccountEntity);
  const wanted = until === 'ready' ? ['ready'] : ['ready', 'failed', 'disabled'];
  const started = Date.now();
  while (Date.now() - started < 20_000) {
    const accounts = await repository.find();
    if (accounts.length >= count && accounts.every((account) => wanted.includes(account.status))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`configured worker accounts did not become ${until}: ${JSON.stringify((await repository.find()).map((a) => [a.id, a.status, a.lastError]))}`);
}

/** Polls GET /status/{id} until `until` holds (or fails the test after `timeoutMs`). */
export async function waitForStatus(
  app: Pick<TestApp, 'http'>,
  taskId: string,
  until: (status: { status: string; progress: number; error?: { code: string } | null }) => boolean,
  timeoutMs = 20_000,
): Promise<Record<string, any>> {
  const started = Date.now();
  let last: Record<string, any> = {};
  while (Date.now() - started < timeoutMs) {
    const response = await app.http(`/status/${taskId}`);
    last = (await response.json()) as Record<string, any>;
    if (response.ok && until(last as never)) return last;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`task ${taskId} did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}
