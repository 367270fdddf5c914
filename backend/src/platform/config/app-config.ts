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
  /** Secrets: never logged, never in an event or an error body. */
  secrets: {
    adminKey: string;
    apiKey: string | null;
    encryptionKey: string;
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
    /** Budget for one call to a worker. */
    workerCallTimeoutMs: number;
    pollMinMs: number;
    pollMaxMs: number;
    idempotencyWindowMs: number;
    /** Results and previews older than this are removed by the retention sweep (0 = keep forever). */
    retentionDays: number;
  };
  /** Workers from configuration until admins manage accounts: the embedded simulator, or WORKERS. */
  workers: { id: string; baseUrl: string; token: string }[];
  deadlines: { tickMs: number };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
