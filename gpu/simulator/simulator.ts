import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { fastify } from 'fastify';
import { WORKER_MODELS, type JobStatus, type WorkerModel } from '../../contracts/worker-api/worker-api.js';
import { CallbackNotifier } from './callback-notifier.js';
import { FaultInjector } from './fault-injector.js';
import type { FaultPatch, FaultSettings } from './fault-settings.js';
import { JobRegistry } from './job-registry.js';
import type { JobRecord } from './job-record.js';
import { runJob } from './job-runner.js';
import { installHttpPolicy } from './worker-http-policy.js';
import { registerWorkerRoutes } from './worker-routes.js';

export interface SimulatorOptions {
  /** Bearer token every request must present. */
  token: string;
  /** Where results and previews are written (one folder per job). */
  dataDir: string;
  /** Default 127.0.0.1: the simulator is a local development worker, not a public service. */
  host?: string;
  /** Default 8081; 0 picks a free port (tests). */
  port?: number;
  /** Step-time factor: 1.0 ≈ a real GPU, 0.001 for tests. Default 1. */
  speed?: number;
  buildId?: string;
  models?: readonly WorkerModel[];
  maxConcurrentJobs?: number;
  maxQueuedJobs?: number;
  retentionMs?: number;
  bodyLimitBytes?: number;
  ffmpegPath?: string;
  faults?: Partial<FaultSettings>;
  /** Seed for fault dice, so fault sequences are reproducible. Default 1. */
  faultSeed?: number;
  /**
   * What "crash" means at crashAtProgress. main.ts exits the process; the default closes the server
   * abruptly (connections destroyed, jobs stopped, no more reports) so tests can watch a worker die.
   */
  onCrash?: (jobId: string) => void;
  now?: () => Date;
}

export interface SimulatorHandle {
  url: string;
  port: number;
  /** Live job statuses, for assertions; the HTTP API is the contract. */
  jobs(): JobStatus[];
  job(jobId: string): JobStatus | undefined;
  faults(): Readonly<FaultSettings>;
  setFaults(patch: FaultPatch): Readonly<FaultSettings>;
  /** True once a crash fault fired in-process. */
  crashed(): boolean;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions): Promise<SimulatorHandle> {
  if (!options.token) throw new Error('startSimulator: token is required');
  const now = options.now ?? (() => new Date());
  const faults = new FaultInjector(options.faults ?? {}, options.faultSeed ?? 1);
  const notifier = new CallbackNotifier(options.token, faults);
  await mkdir(options.dataDir, { recursive: true });

  let crashed = false;
  const app = fastify({
    bodyLimit: options.bodyLimitBytes ?? 96 * 1024 * 1024,
    forceCloseConnections: true,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
  });
  const emit = (record: JobRecord): void => {
    if (record.request.callback_url && !crashed) notifier.push(record.request.callback_url, record.status);
  };
  const crash = (record: JobRecord): void => {
    if (options.onCrash) return options.onCrash(record.request.job_id);
    if (crashed) return;
    crashed = true;
    registry.stopAll();
    notifier.stop();
    app.server.closeAllConnections();
    void app.close();
  };
  const registry: JobRegistry = new JobRegistry({
    maxConcurrentJobs: options.maxConcurrentJobs ?? 1,
    maxQueuedJobs: options.maxQueuedJobs ?? 16,
    retentionMs: options.retentionMs ?? 3_600_000,
    now,
    emit,
    removeOutputs: (jobId) => rm(join(options.dataDir, jobId), { recursive: true, force: true }),
    run: (record) =>
      runJob(record, {
        dataDir: options.dataDir,
        ffmpegPath: options.ffmpegPath ?? ffmpegInstaller.path,
        speed: options.speed ?? 1,
        faults,
        now,
        emit,
        crash,
      }),
  });

  installHttpPolicy(app, options.token, faults);
  registerWorkerRoutes(app, {
    registry,
    faults,
    buildId: options.buildId ?? 'simulator-dev',
    models: options.models ?? WORKER_MODELS,
  });
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8081 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8081);
  const host = options.host ?? '127.0.0.1';

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    jobs: () => registry.list(),
    job: (jobId) => registry.get(jobId)?.status,
    faults: () => faults.settings,
    setFaults: (patch) => faults.update(patch),
    crashed: () => crashed,
    close: () => {
      closing ??= (async () => {
        registry.stopAll();
        notifier.stop();
        await Promise.all([app.close(), registry.settled()]);
      })();
      return closing;
    },
  };
}
