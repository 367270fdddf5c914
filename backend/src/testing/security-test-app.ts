import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module.js';
import type { Clock } from '../platform/clock/clock.js';
import type { AppConfig } from '../platform/config/app-config.js';
import { loadConfig } from '../platform/config/config.loader.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../platform/event-store/event-store.port.js';
import { createHttpApp } from '../platform/http/http-app.factory.js';
import { createRootLogger, NestPinoLogger } from '../platform/logging/app-logger.js';
import { secretRedactor } from '../platform/logging/secret-redactor.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';
import { SECURITY_EVENTS, type SecurityEvents } from '../platform/security/security-events.port.js';

export const SECURITY_ADMIN_KEY = 'security-admin-key-0123456789abcdefghijklmnopqrstuv';
export const SECURITY_API_KEY = 'security-env-api-key-0123456789abcdef';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  cookie?: string;
  json?: unknown;
  /** The socket address the request comes from (default 192.0.2.1). */
  ip?: string;
}

export interface SecurityTestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  store: EventStore;
  runtime: PlatformRuntime;
  security: SecurityEvents;
  /** Every answer so far (the secret-leak scan reads them). */
  answers: { method: string; url: string; answer: Answer }[];
  /** Everything the logger wrote (when started with `captureLogs`). */
  logs: string[];
  request(method: string, url: string, options?: RequestOptions): Promise<Answer>;
  /** A fresh generation session; returns the Cookie header value. */
  session(ip?: string): Promise<string>;
  /** A fresh admin session; returns the Cookie header value. */
  admin(ip?: string): Promise<string>;
  events(): Promise<RecordedEvent[]>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** The whole backend built as main.ts builds it, driven with Fastify's inject (no port, any client address). */
export async function startSecurityApp(
  options: { env?: Record<string, string>; clock?: Clock; captureLogs?: boolean; dataDir?: string } = {},
): Promise<SecurityTestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gg-sec-'));
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      ADMIN_KEY: SECURITY_ADMIN_KEY,
      API_KEY: SECURITY_API_KEY,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      EVENTSTORE_SQLITE_SYNCHRONOUS: 'NORMAL',
      PROCESS_RETRY_BASE_MS: '10',
      PROCESS_MAX_ATTEMPTS: '2',
      ...options.env,
    },
    { rootDir: resolve(process.cwd()) },
  );
  const logs: string[] = [];
  const logger = options.captureLogs
    ? new NestPinoLogger(createRootLogger('trace', secretRedactor, new Writable({ write(chunk, _encoding, done) { logs.push(String(chunk)); done(); } })))
    : false;
  const app = await createHttpApp(AppModule.register({ config, role: 'server', clock: options.clock }), config, logger);
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  const answers: SecurityTestApp['answers'] = [];
  const store = app.get<EventStore>(EVENT_STORE);

  const request: SecurityTestApp['request'] = async (method, url, { headers = {}, cookie, json, ip = '192.0.2.1' } = {}) => {
    const response = await fastify.inject({
      method: method as never,
      url,
      remoteAddress: ip,
      headers: { ...(cookie ? { cookie } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      payload: json === undefined ? undefined : JSON.stringify(json),
    });
    let body: unknown = response.body;
    try {
      body = JSON.parse(response.body);
    } catch {
      // not JSON
    }
    const answer = { status: response.statusCode, headers: response.headers as Answer['headers'], body, text: response.body };
    answers.push({ method, url, answer });
    return answer;
  };
  const cookieFrom = (answer: Answer, name: string) => {
    const raw = answer.headers['set-cookie'];
    const line = (Array.isArray(raw) ? raw : [raw ?? '']).find((entry) => entry.startsWith(`${name}=`));
    if (!line) throw new Error(`no ${name} cookie in ${answer.status} ${answer.text}`);
    return line.split(';')[0];
  };

  return {
    app,
    config,
    store,
    runtime: app.get(PlatformRuntime),
    security: app.get<SecurityEvents>(SECURITY_EVENTS),
    answers,
    logs,
    request,
    async session(ip = '192.0.2.10') {
      return cookieFrom(await request('POST', '/auth/session', { ip }), 'gg_session');
    },
    async admin(ip = '192.0.2.20') {
      return cookieFrom(await request('POST', '/admin/session', { ip, headers: { 'x-admin-key': SECURITY_ADMIN_KEY } }), 'gg_admin_session');
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
      if (!closeOptions.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The value of a Set-Cookie line for `name`, with its attributes. */
export function setCookieLine(answer: Answer, name: string): string | undefined {
  const raw = answer.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : [raw ?? '']).find((entry) => entry.startsWith(`${name}=`));
}
