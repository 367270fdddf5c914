/** The typed configuration every part receives by injection (house style rule 12). */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** Repository root: where inference_settings.json and the built web app are found. */
  rootDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  eventStore:
    | { kind: 'sqlite'; path: string; synchronous: 'FULL' | 'NORMAL' | 'EXTRA' }
    | { kind: 'eventstoredb'; url: string };
  readModel: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  redisUrl: string | null;
  frontendOrigins: string[];
  /**
   * Proxies whose X-Forwarded-For / -Proto / -Host are believed (TRUST_PROXY: addresses, CIDRs or
   * loopback|linklocal|uniquelocal). Empty: the client address is the socket's, whatever the headers say.
   */
  trustProxy: string[];
  /** Generation and admin sessions (AUTH-2, AUTH-4); see specs/security.md. */
  auth: {
    /** open: anyone may get a session; invite: POST /auth/session needs an access code issued by an admin. */
    accessMode: 'open' | 'invite';
    /** Mark cookies Secure even when the request did not arrive over HTTPS (behind a TLS-terminating proxy). */
    cookieSecure: boolean;
  };
  /** Secrets: never logged, never in an event or an error body. */
  secrets: {
    adminKey: string;
    apiKey: string | null;
    encryptionKey: string;
    /** Former encryption keys, still accepted for decryption until `npm run gg -- secrets rotate` re-encrypts. */
    previousEncryptionKeys: string[];
    /** Where the development secrets file lives, when it was used. */
    source: 'environment' | 'secrets-file';
  };
  catalogPath: string;
  /** Seal the log after this many ms when new events arrived (tamper evidence, AUD-3). */
  sealIntervalMs: number;
  processes: { retryBaseMs: number; maxAttempts: number };
  generation: {
    /** A task nobody started within this time fails with worker_start_timeout (GEN-6). */
    pendingTimeoutMs: number;
    imageProcessingTimeoutMs: number;
    videoProcessingTimeoutMs: number;
    /** Active (pending + processing) tasks per owner (SEC-1 capacity). */
    maxActiveTasks: number;
    /** With no ready account but one deploying or checking, dispatch waits this long before no_ready_workers. */
    noReadyWaitMs: number;
    /** Budget for one call to a worker. */
    workerCallTimeoutMs: number;
    pollMinMs: number;
    pollMaxMs: number;
    idempotencyWindowMs: number;
    /** Estimated cost per dispatched job (USD), recorded on TaskDispatched for account counters and budgets. */
    imageCostUsd: number;
    videoCostUsd: number;
    /** Results and previews older than this are removed by the retention sweep (0 = keep forever). */
    retentionDays: number;
  };
  accounts: {
    healthAttempts: number;
    healthIntervalMs: number;
    /** A failed (auto-recoverable) account is health-checked again after this cool-down (ADM-3). */
    cooldownMs: number;
    /** How often ready accounts are health-checked to keep `ready` honest (0 = never). */
    monitorIntervalMs: number;
    deployTimeoutMs: number;
    deployAttempts: number;
    deployBackoffMs: number;
    /** The Modal CLI executable (found on PATH) and the app file it deploys. */
    modalCli: string;
    modalAppPath: string;
    /** Where a Modal workspace's worker answers; `{workspace}` is replaced by the registered name. */
    modalUrlTemplate: string;
    /** When set, a worker whose health reports another build id is not ready. */
    workerBuildId: string | null;
  };
  /** How workers reach this server for pushed job reports (callbacks); null = workers are only polled. */
  publicBaseUrl: string | null;
  /** Workers from configuration until admins manage accounts: the embedded simulator, or WORKERS. */
  workers: { id: string; baseUrl: string; token: string }[];
  deadlines: { tickMs: number };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
