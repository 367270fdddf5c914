import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { AppConfig } from './app-config.js';

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`Configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates the environment once; the only place that reads process.env (the caller passes it).
 * Fails fast with the name of the bad variable. In development, missing secrets are created in
 * DATA_DIR/secrets.json (mode 0600); in production they must be set.
 */
export function loadConfig(env: Env, options: { rootDir?: string } = {}): AppConfig {
  const rootDir = resolve(options.rootDir ?? process.cwd());
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const dataDir = absolute(rootDir, env.DATA_DIR?.trim() || './data');
  const eventStoreUrl = env.EVENTSTORE_URL?.trim();
  if (eventStoreUrl && !/^(esdb|esdb\+discover):\/\//.test(eventStoreUrl)) {
    throw new ConfigError('EVENTSTORE_URL', 'must be an esdb:// or esdb+discover:// connection string');
  }
  const readModelUrl = env.READ_MODEL_URL?.trim();
  if (readModelUrl && !/^postgres(ql)?:\/\//.test(readModelUrl)) {
    throw new ConfigError('READ_MODEL_URL', 'must be a postgres:// connection string (unset for the embedded SQLite read models)');
  }
  return {
    nodeEnv,
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir,
    rootDir,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    eventStore: eventStoreUrl
      ? { kind: 'eventstoredb', url: eventStoreUrl }
      : {
          kind: 'sqlite',
          path: join(dataDir, 'events.sqlite'),
          synchronous: oneOf(env, 'EVENTSTORE_SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL', 'EXTRA'] as const, 'FULL'),
        },
    readModel: readModelUrl ? { kind: 'postgres', url: readModelUrl } : { kind: 'sqlite', path: join(dataDir, 'read-models.sqlite') },
    redisUrl: env.REDIS_URL?.trim() || null,
    frontendOrigins: (env.FRONTEND_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean)
      .map((origin) => {
        if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError('FRONTEND_ORIGINS', `has "${origin}", which is not an origin like https://app.example.com`);
        return origin;
      }),
    trustProxy: trustedProxies(env),
    auth: {
      accessMode: oneOf(env, 'ACCESS_MODE', ['open', 'invite'] as const, 'open'),
      cookieSecure: boolean(env, 'COOKIE_SECURE', false),
    },
    secrets: loadSecrets(env, nodeEnv, dataDir),
    catalogPath: absolute(rootDir, env.CATALOG_PATH?.trim() || 'inference_settings.json'),
    sealIntervalMs: integer(env, 'SEAL_INTERVAL_MS', 60_000, 100, 86_400_000),
    processes: {
      retryBaseMs: integer(env, 'PROCESS_RETRY_BASE_MS', 200, 1, 60_000),
      maxAttempts: integer(env, 'PROCESS_MAX_ATTEMPTS', 5, 1, 100),
    },
    deadlines: { tickMs: integer(env, 'DEADLINE_TICK_MS', 1000, 10, 60_000) },
    generation: {
      pendingTimeoutMs: integer(env, 'TASK_PENDING_TIMEOUT_MS', 600_000, 100, 86_400_000),
      imageProcessingTimeoutMs: integer(env, 'TASK_IMAGE_TIMEOUT_MS', 600_000, 100, 86_400_000),
      videoProcessingTimeoutMs: integer(env, 'TASK_VIDEO_TIMEOUT_MS', 1_800_000, 100, 86_400_000),
      maxActiveTasks: integer(env, 'MAX_ACTIVE_TASKS', 4, 1, 10_000),
      workerCallTimeoutMs: integer(env, 'WORKER_CALL_TIMEOUT_MS', 15_000, 50, 600_000),
      noReadyWaitMs: integer(env, 'NO_READY_WAIT_MS', 30_000, 0, 600_000),
      pollMinMs: integer(env, 'WORKER_POLL_MIN_MS', 200, 10, 60_000),
      pollMaxMs: integer(env, 'WORKER_POLL_MAX_MS', 2000, 10, 600_000),
      idempotencyWindowMs: integer(env, 'IDEMPOTENCY_WINDOW_MS', 86_400_000, 1000, 30 * 86_400_000),
      retentionDays: integer(env, 'RESULT_RETENTION_DAYS', 0, 0, 3650),
      imageCostUsd: decimal(env, 'IMAGE_COST_USD_ESTIMATE', 0.015, 0, 100),
      videoCostUsd: decimal(env, 'VIDEO_COST_USD_ESTIMATE', 0.05, 0, 100),
    },
    accounts: {
      healthAttempts: integer(env, 'ACCOUNT_HEALTH_ATTEMPTS', 12, 1, 1000),
      healthIntervalMs: integer(env, 'ACCOUNT_HEALTH_INTERVAL_MS', 5000, 10, 600_000),
      cooldownMs: integer(env, 'ACCOUNT_FAILED_COOLDOWN_MS', 300_000, 10, 86_400_000),
      monitorIntervalMs: integer(env, 'ACCOUNT_MONITOR_INTERVAL_MS', 60_000, 0, 86_400_000),
      deployTimeoutMs: integer(env, 'ACCOUNT_DEPLOY_TIMEOUT_MS', 300_000, 100, 3_600_000),
      deployAttempts: integer(env, 'ACCOUNT_DEPLOY_ATTEMPTS', 3, 1, 20),
      deployBackoffMs: integer(env, 'ACCOUNT_DEPLOY_BACKOFF_MS', 10_000, 0, 600_000),
      modalCli: env.MODAL_CLI?.trim() || 'modal',
      modalAppPath: env.MODAL_APP_PATH?.trim() || 'gpu/modal/app.py',
      modalUrlTemplate: modalUrlTemplate(env.MODAL_WORKER_URL_TEMPLATE?.trim() || 'https://{workspace}--gooni-gooni-worker-api.modal.run'),
      workerBuildId: env.WORKER_BUILD_ID?.trim() || null,
    },
    publicBaseUrl: publicBaseUrl(env.PUBLIC_BASE_URL?.trim()),
    workers: loadWorkers(env, dataDir, nodeEnv),
  };
}

function loadSecrets(env: Env, nodeEnv: AppConfig['nodeEnv'], dataDir: string): AppConfig['secrets'] {
  const fromEnv = { adminKey: env.ADMIN_KEY?.trim(), encryptionKey: env.ENCRYPTION_KEY?.trim() };
  let source: AppConfig['secrets']['source'] = 'environment';
  let fileSecrets: { adminKey?: string; encryptionKey?: string } = {};
  if (!fromEnv.adminKey || !fromEnv.encryptionKey) {
    if (nodeEnv === 'production') {
      throw new ConfigError(fromEnv.adminKey ? 'ENCRYPTION_KEY' : 'ADMIN_KEY', 'must be set in production (see .env.example)');
    }
    fileSecrets = developmentSecrets(dataDir);
    source = 'secrets-file';
  }
  const adminKey = fromEnv.adminKey || fileSecrets.adminKey!;
  const encryptionKey = fromEnv.encryptionKey || fileSecrets.encryptionKey!;
  if (adminKey.length < 32) throw new ConfigError('ADMIN_KEY', 'must be at least 32 characters');
  if (!/^[A-Za-z0-9+/=_-]{43,}$/.test(encryptionKey)) {
    throw new ConfigError('ENCRYPTION_KEY', 'must be 32 random bytes in base64 or base64url (e.g. `openssl rand -base64 32`)');
  }
  const apiKey = env.API_KEY?.trim() || null;
  if (apiKey !== null && apiKey.length < 16) throw new ConfigError('API_KEY', 'must be at least 16 characters when set');
  const previousEncryptionKeys = (env.ENCRYPTION_KEY_PREVIOUS ?? '').split(',').map((key) => key.trim()).filter(Boolean);
  for (const key of previousEncryptionKeys) {
    if (!/^[A-Za-z0-9+/=_-]{43,}$/.test(key)) throw new ConfigError('ENCRYPTION_KEY_PREVIOUS', 'must list base64 keys of 32 bytes, separated by commas');
  }
  return { adminKey, apiKey, encryptionKey, previousEncryptionKeys, source };
}

/**
 * Workers from configuration: WORKERS as JSON `[{"id","baseUrl","token"}]`, and/or the embedded simulator
 * that `npm start` runs (SIMULATOR_URL, token SIMULATOR_TOKEN or the development secrets file).
 */
function loadWorkers(env: Env, dataDir: string, nodeEnv: AppConfig['nodeEnv']): AppConfig['workers'] {
  const workers: AppConfig['workers'] = [];
  const raw = env.WORKERS?.trim();
  if (raw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ConfigError('WORKERS', 'must be a JSON array of {"id","baseUrl","token"}');
    }
    if (!Array.isArray(parsed)) throw new ConfigError('WORKERS', 'must be a JSON array of {"id","baseUrl","token"}');
    parsed.forEach((entry, index) => {
      const { id, baseUrl, token } = (entry ?? {}) as Record<string, unknown>;
      if (typeof id !== 'string' || !/^[a-z0-9-]{3,64}$/.test(id)) throw new ConfigError('WORKERS', `[${index}].id must match ^[a-z0-9-]{3,64}$`);
      if (typeof baseUrl !== 'string' || !/^https?:\/\/[^\s]+$/.test(baseUrl)) throw new ConfigError('WORKERS', `[${index}].baseUrl must be an http(s) URL`);
      if (typeof token !== 'string' || token.length < 16) throw new ConfigError('WORKERS', `[${index}].token must be at least 16 characters`);
      workers.push({ id, baseUrl: baseUrl.replace(/\/+$/, ''), token });
    });
  }
  const simulatorUrl = env.SIMULATOR_URL?.trim();
  if (simulatorUrl) {
    if (!/^https?:\/\/[^\s]+$/.test(simulatorUrl)) throw new ConfigError('SIMULATOR_URL', 'must be an http(s) URL');
    const token = env.SIMULATOR_TOKEN?.trim() || (nodeEnv !== 'production' ? developmentSecrets(dataDir).simulatorToken : undefined);
    if (!token) throw new ConfigError('SIMULATOR_TOKEN', 'must be set with SIMULATOR_URL in production');
    workers.push({ id: 'local-simulator', baseUrl: simulatorUrl.replace(/\/+$/, ''), token });
  }
  return workers;
}

/** The development secrets file: created once with random values, readable by the owner only. */
export function developmentSecretsPath(dataDir: string): string {
  return join(dataDir, 'secrets.json');
}

export function developmentSecrets(dataDir: string): { adminKey: string; encryptionKey: string; simulatorToken: string } {
  const path = developmentSecretsPath(dataDir);
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    const secrets = {
      adminKey: randomBytes(32).toString('base64url'),
      encryptionKey: randomBytes(32).toString('base64'),
      simulatorToken: randomBytes(24).toString('base64url'),
    };
    try {
      writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process (the simulator or the CLI) created it first: read theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    chmodSync(path, 0o600);
  }
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { adminKey?: string; encryptionKey?: string; simulatorToken?: string };
    if (!parsed.adminKey || !parsed.encryptionKey) throw new Error('missing adminKey or encryptionKey');
    if (!parsed.simulatorToken) {
      parsed.simulatorToken = randomBytes(24).toString('base64url');
      writeFileSync(path, `${JSON.stringify(parsed, null, 2)}\n`, { mode: 0o600 });
    }
    return { adminKey: parsed.adminKey, encryptionKey: parsed.encryptionKey, simulatorToken: parsed.simulatorToken };
  } catch (error) {
    throw new ConfigError('ADMIN_KEY', `is unset and ${path} cannot be read (${(error as Error).message})`);
  }
}

/**
 * TRUST_PROXY: the proxies allowed to say who the client is. Only explicit addresses, CIDRs and the named
 * ranges proxy-addr knows; `true`, `*` or a hop count would let anyone forge X-Forwarded-For (SEC-1).
 */
function trustedProxies(env: Env): string[] {
  const entries = (env.TRUST_PROXY ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!named && (family === 0 || !validBits || extra !== undefined)) {
      throw new ConfigError('TRUST_PROXY', `has "${entry}"; list proxy addresses or CIDRs (e.g. 127.0.0.1,10.0.0.0/8) or loopback, linklocal, uniquelocal`);
    }
  }
  return entries;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function publicBaseUrl(raw: string | undefined): string | null {
  if (!raw) return null;
  if (!/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(raw)) throw new ConfigError('PUBLIC_BASE_URL', 'must be an http(s) URL such as https://gooni.example.com');
  return raw.replace(/\/+$/, '');
}

function modalUrlTemplate(template: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(template)) throw new ConfigError('MODAL_WORKER_URL_TEMPLATE', 'must be an http(s) URL, with {workspace} where the workspace name goes');
  return template.replace(/\/+$/, '');
}

function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || value < min || value > max) throw new ConfigError(name, `must be a number between ${min} and ${max}, got "${raw}"`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function absolute(rootDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(rootDir, path);
}
