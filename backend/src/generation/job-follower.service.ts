import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JobStatus } from '../../../contracts/worker-api/worker-api.js';
import type { MediaRef, TaskStage, TaskSubmittedData } from '../../../contracts/events/task-events.js';
import { BLOB_STORE, type BlobStore } from '../platform/blob-store/blob-store.port.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { systemCommandContext } from '../platform/event-sourcing/command-context.js';
import { derivedId } from '../platform/ids/id-source.js';
import { RUNTIME_ROLE, type RuntimeRole } from '../platform/platform-runtime.js';
import { WorkerCallError, type WorkerClient, type WorkerMedia } from '../platform/worker-client/index.js';
import { buildJobRequest } from './job-request.builder.js';
import { TaskChangeNotifier } from './task-change.notifier.js';
import { TaskCommands } from './task-command.handler.js';
import { TaskStatusEntity } from './task-status/task-status.entity.js';
import { WORKER_ROUTING, type WorkerRouting } from '../platform/worker-client/worker-routing.port.js';

const ACTOR = 'process:job-follower';
const CONCURRENCY = 8;
const MAX_RESUBMITS = 2;

interface InFlightRow {
  id: string;
}

interface Follow {
  nextPollAt: number;
  intervalMs: number;
  busy: boolean;
  lost: number;
}

const JOB_ERRORS: Record<string, { code: string; action: string }> = {
  gpu_out_of_memory: { code: 'gpu_out_of_memory', action: 'Lower the resolution, the number of frames or the steps, then retry.' },
  invalid_request: { code: 'invalid_request', action: 'Check the parameters against GET /models and submit again.' },
  canceled: { code: 'worker_canceled', action: 'The worker stopped the job; retry the task.' },
};

/**
 * Follows every dispatched task on its worker (the GPU saga's second half, GEN-2/GEN-4): polls with
 * backoff, records progress only when it moves, copies result and preview into the blob store and
 * completes or fails the task. It reads in-flight tasks from the task-status read model, so after a restart
 * it re-attaches to the jobs without any state of its own. Commands carry stable ids (task + what
 * happened), so two followers (two instances) cannot record anything twice.
 */
@Injectable()
export class JobFollower implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobFollower');
  private readonly follows = new Map<string, Follow>();
  private timer: NodeJS.Timeout | null = null;
  private running = new Set<Promise<void>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WORKER_ROUTING) private readonly routing: WorkerRouting,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME_ROLE) private readonly role: RuntimeRole,
    private readonly commands: TaskCommands,
    private readonly notifier: TaskChangeNotifier,
  ) {}

  onApplicationBootstrap(): void {
    if (this.role !== 'server') return;
    this.unlisten = this.notifier.listenAll(() => (this.dirty = true));
    const loop = async () => {
      try {
        await this.tick();
      } catch (error) {
        this.logger.error({ msg: 'follow tick failed', err: error });
      }
      if (this.timer) this.timer = setTimeout(loop, Math.min(100, this.config.generation.pollMinMs));
    };
    this.timer = setTimeout(loop, 0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.unlisten();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running]);
  }

  /** In-flight tasks, refreshed from the read model at most once a second (not on every 100 ms tick). */
  private inFlight: InFlightRow[] = [];
  private refreshedAt = 0;
  private dirty = true;
  private unlisten: () => void = () => undefined;

  /** Starts polls that are due; resolves once they have been started (not finished). */
  async tick(force = false): Promise<void> {
    const now = this.clock.now().getTime();
    const due = now - this.refreshedAt >= 1000 || (this.dirty && now - this.refreshedAt >= 250);
    if (force || due) {
      this.dirty = false;
      this.inFlight = await this.loadInFlight();
      this.refreshedAt = now;
      const seen = new Set(this.inFlight.map((row) => row.id));
      for (const id of this.follows.keys()) if (!seen.has(id)) this.follows.delete(id);
    }
    for (const row of this.inFlight) {
      if (this.running.size >= CONCURRENCY) break;
      const follow = this.follows.get(row.id) ?? { nextPollAt: now, intervalMs: this.config.generation.pollMinMs, busy: false, lost: 0 };
      this.follows.set(row.id, follow);
      if (follow.busy || follow.nextPollAt > now) continue;
      follow.busy = true;
      const poll = this.pollFresh(row.id, follow).finally(() => {
        follow.busy = false;
        this.running.delete(poll);
      });
      this.running.add(poll);
    }
  }

  /** Polls until nothing is in flight (tests and benchmarks). */
  async drain(): Promise<void> {
    await this.tick(true);
    await Promise.allSettled([...this.running]);
  }

  /** A plain indexed query: this list can hold thousands of queued tasks. */
  private async loadInFlight(): Promise<InFlightRow[]> {
    return this.dataSource
      .getRepository(TaskStatusEntity)
      .createQueryBuilder('t')
      .select(['t.id AS id'])
      .where('t.status IN (:...statuses) AND t.jobId IS NOT NULL AND t.deleted = :deleted', { statuses: ['pending', 'processing'], deleted: false })
      .orderBy('t.submittedPosition', 'ASC')
      .getRawMany<InFlightRow>();
  }

  /** Reads the task's current row right before polling, so progress comparisons are never stale. */
  private async pollFresh(taskId: string, follow: Follow): Promise<void> {
    const row = await this.dataSource.getRepository(TaskStatusEntity).findOneBy({ id: taskId });
    if (!row || row.deleted || !row.jobId || (row.status !== 'pending' && row.status !== 'processing')) return;
    await this.poll(row, follow);
  }

  /**
   * A report the worker pushed (callback): applied like a poll answer. Polling goes on as the safety net, so
   * a lost, late or duplicated report changes nothing (progress only moves forward, command ids are stable).
   */
  async report(taskId: string, status: JobStatus): Promise<void> {
    const row = await this.dataSource.getRepository(TaskStatusEntity).findOneBy({ id: taskId });
    if (!row || row.deleted || row.jobId !== status.job_id || (row.status !== 'pending' && row.status !== 'processing')) return;
    const client = await this.routing.clientFor(row.accountId!);
    if (!client) return;
    await this.apply(row, status, client);
    const follow = this.follows.get(taskId);
    if (follow) follow.intervalMs = this.config.generation.pollMinMs;
  }

  private async poll(row: TaskStatusEntity, follow: Follow): Promise<void> {
    const client = await this.routing.clientFor(row.accountId!);
    let changed = false;
    try {
      if (!client) {
        await this.fail(row, 'worker_lost', 'The worker account this task ran on no longer exists.', 'Retry the task.');
        return;
      }
      const status = await client.status(row.jobId!);
      follow.lost = 0;
      changed = await this.apply(row, status, client);
    } catch (error) {
      if (!(error instanceof WorkerCallError)) throw error;
      if (error.kind === 'not_found' && client) changed = await this.resubmit(row, client, follow);
      else this.logger.warn({ msg: 'job status unavailable; will poll again', task: row.id, kind: error.kind, code: error.code });
    } finally {
      const { pollMinMs, pollMaxMs } = this.config.generation;
      follow.intervalMs = changed ? pollMinMs : Math.min(pollMaxMs, Math.round(follow.intervalMs * 1.5));
      follow.nextPollAt = this.clock.now().getTime() + follow.intervalMs;
    }
  }

  private async apply(row: TaskStatusEntity, status: JobStatus, client: WorkerClient): Promise<boolean> {
    switch (status.state) {
      case 'queued':
      case 'running': {
        const stage = status.stage as TaskStage;
        if (status.progress === row.progress && stage === row.stage) return false;
        await this.commands.execute(
          row.id,
          { type: 'RecordProgress', data: { progress: status.progress, stage, step: status.step, total_steps: status.total_steps } },
          systemCommandContext(derivedId(row.id, 'progress', status.progress, stage), ACTOR, row.id),
        );
        return true;
      }
      case 'succeeded':
        await this.complete(row, status, client);
        return true;
      case 'failed': {
        const known = JOB_ERRORS[status.error?.code ?? ''] ?? { code: 'worker_error', action: 'Retry the task; if it keeps failing, tell an admin.' };
        await this.fail(row, known.code, status.error?.message ?? 'The worker reported a failure.', known.action);
        return true;
      }
      case 'canceled':
        await this.fail(row, 'worker_canceled', 'The worker canceled the job.', JOB_ERRORS.canceled.action);
        return true;
    }
  }

  private async complete(row: TaskStatusEntity, status: JobStatus, client: WorkerClient): Promise<void> {
    const [result, preview] = await Promise.all([client.fetchResult(row.jobId!), client.fetchPreview(row.jobId!)]);
    const resultRef = await this.store(result, {
      width: status.result?.width ?? status.used.width,
      height: status.result?.height ?? status.used.height,
      ...(status.result?.frames !== undefined ? { frames: status.result.frames } : {}),
      ...(status.result?.fps !== undefined ? { fps: status.result.fps } : {}),
      ...(status.result?.duration_seconds !== undefined ? { duration_seconds: status.result.duration_seconds } : {}),
    });
    const previewRef = await this.store(preview, { width: status.preview?.width ?? 0, height: status.preview?.height ?? 0 });
    const used = Object.fromEntries(Object.entries(status.used).filter(([, value]) => value !== undefined)) as Record<string, number>;
    await this.commands.execute(
      row.id,
      { type: 'CompleteTask', data: { result: resultRef, preview: previewRef, used } },
      systemCommandContext(derivedId(row.id, 'complete'), ACTOR, row.id),
    );
  }

  private async store(media: WorkerMedia, info: Omit<MediaRef, 'sha256' | 'mime' | 'bytes'>): Promise<MediaRef> {
    const blob = await this.blobs.put(media.bytes, media.contentType);
    return { sha256: blob.sha256, mime: media.contentType, bytes: blob.bytes, ...info };
  }

  /** The worker lost the job (it restarted): submit it again under the same id, a bounded number of times. */
  private async resubmit(row: TaskStatusEntity, client: WorkerClient, follow: Follow): Promise<boolean> {
    follow.lost += 1;
    if (follow.lost > MAX_RESUBMITS) {
      await this.fail(row, 'worker_lost', 'The worker lost the job more than once.', 'Retry the task; if it keeps happening, an admin should check the worker.');
      return true;
    }
    const submitted = (await this.commands.load(row.id)) as { submitted?: TaskSubmittedData };
    if (!submitted.submitted) return false;
    await client.submit(await buildJobRequest(submitted.submitted, row.jobId!, this.blobs, this.config.publicBaseUrl));
    this.logger.warn({ msg: 'worker had lost the job; resubmitted', task: row.id });
    return true;
  }

  private async fail(row: TaskStatusEntity, code: string, message: string, userAction: string): Promise<void> {
    await this.commands.execute(row.id, { type: 'FailTask', data: { code, message, user_action: userAction } }, systemCommandContext(derivedId(row.id, 'fail', code), ACTOR, row.id));
  }
}
