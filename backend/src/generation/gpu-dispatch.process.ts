import { Inject, Injectable, Logger } from '@nestjs/common';
import type { TaskCanceledData, TaskSubmittedData } from '../../../contracts/events/task-events.js';
import { BLOB_STORE, type BlobStore } from '../platform/blob-store/blob-store.port.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { causedCommandContext } from '../platform/event-sourcing/command-context.js';
import type { RecordedEvent } from '../platform/event-store/event-store.port.js';
import { derivedId } from '../platform/ids/id-source.js';
import { AsProcessManager, type ProcessManager } from '../platform/processes/process-manager.js';
import { WorkerCallError } from '../platform/worker-client/index.js';
import { buildJobRequest } from './job-request.builder.js';
import { TaskCommands } from './task-command.handler.js';
import { WORKER_ROUTING, type WorkerRouting } from '../platform/worker-client/worker-routing.port.js';

/** How many accounts a task tries before it fails (ADM-3). */
export const MAX_DISPATCH_ATTEMPTS = 3;
const ACTOR = 'process:gpu-dispatch';

/**
 * The GPU saga's dispatch half (GEN-1, GEN-5, GEN-8, ADM-3): on TaskSubmitted it submits the job to the
 * least recently used ready account, trying the next one on failure (up to 3), and records TaskDispatched
 * or a clear TaskFailed; on TaskCanceled it stops the job on its worker. Following the job is the
 * JobFollower's part. Every command it issues derives its id from the causing event.
 */
@AsProcessManager()
@Injectable()
export class GpuDispatchProcess implements ProcessManager {
  readonly name = 'gpu-dispatch';
  readonly handles = ['TaskSubmitted', 'TaskCanceled'];
  private readonly logger = new Logger('GpuDispatchProcess');

  constructor(
    private readonly commands: TaskCommands,
    @Inject(WORKER_ROUTING) private readonly routing: WorkerRouting,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  concurrencyKey(event: RecordedEvent): string {
    return event.stream;
  }

  async handle(event: RecordedEvent): Promise<void> {
    if (event.type === 'TaskSubmitted') await this.dispatch(event, event.data as TaskSubmittedData);
    else if (event.type === 'TaskCanceled') await this.stopJob(event, event.data as TaskCanceledData);
  }

  private async dispatch(event: RecordedEvent, task: TaskSubmittedData): Promise<void> {
    const state = await this.commands.load(task.task_id);
    if (state.status !== 'pending' || state.dispatch) return;
    const candidates = (await this.readyCandidates(task.model)).slice(0, MAX_DISPATCH_ATTEMPTS);
    if (candidates.length === 0) {
      await this.fail(event, 'no_ready_workers', 'No GPU worker account is ready to take the task.', 'An admin must add or enable a worker account (Admin → Accounts); then retry the task.');
      return;
    }
    let lastError: WorkerCallError | null = null;
    for (const [index, candidate] of candidates.entries()) {
      const jobId = derivedId(task.task_id, 'job', candidate.accountId);
      try {
        await candidate.client.submit(await buildJobRequest(task, jobId, this.blobs, this.config.publicBaseUrl));
      } catch (error) {
        if (!(error instanceof WorkerCallError)) throw error;
        lastError = error;
        await this.commands.execute(
          task.task_id,
          { type: 'RecordDispatchFailure', data: { account_id: candidate.accountId, attempt: index + 1, kind: error.kind, code: error.code, message: error.message.slice(0, 300) } },
          causedCommandContext(event, `dispatch-failed:${candidate.accountId}`, ACTOR),
        );
        await this.routing.record({ kind: 'failed', accountId: candidate.accountId, error });
        this.logger.warn({ msg: 'dispatch failed, trying the next account', task: task.task_id, account: candidate.accountId, kind: error.kind, code: error.code });
        if (error.kind === 'invalid') {
          await this.fail(event, 'invalid_request', `The worker refused the job: ${error.message}`, 'Check the parameters against GET /models and submit again.');
          return;
        }
        continue;
      }
      await this.routing.record({ kind: 'dispatched', accountId: candidate.accountId });
      await this.commands.execute(
        task.task_id,
        {
          type: 'DispatchTask',
          data: {
            account_id: candidate.accountId,
            job_id: jobId,
            attempt: index + 1,
            estimated_cost_usd: task.type === 'video' ? this.config.generation.videoCostUsd : this.config.generation.imageCostUsd,
          },
        },
        causedCommandContext(event, `dispatch:${candidate.accountId}`, ACTOR),
      );
      return;
    }
    await this.fail(
      event,
      'no_ready_workers',
      `${candidates.length} worker account(s) refused or did not answer (last: ${lastError?.kind ?? 'unknown'}).`,
      'Try again in a few minutes; if it persists, an admin should check the worker accounts.',
    );
  }

  /**
   * The ready accounts; when there are none but one is deploying or being checked (right after boot, or an
   * admin's deploy), waits for it a bounded time (NO_READY_WAIT_MS) instead of failing the task at once.
   */
  private async readyCandidates(model: string) {
    const deadline = Date.now() + this.config.generation.noReadyWaitMs;
    for (;;) {
      const candidates = await this.routing.candidates(model);
      if (candidates.length > 0 || Date.now() >= deadline || !(await this.routing.accountsStarting())) return candidates;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private async stopJob(event: RecordedEvent, canceled: TaskCanceledData): Promise<void> {
    const state = await this.commands.load(canceled.task_id);
    if (state.status === 'none' || !state.dispatch) return;
    const client = await this.routing.clientFor(state.dispatch.accountId);
    if (!client) return;
    try {
      await client.cancel(state.dispatch.jobId);
    } catch (error) {
      // A job the worker no longer knows is already stopped; anything else is retried by the runner.
      if (!(error instanceof WorkerCallError) || error.kind !== 'not_found') throw error;
    }
  }

  private async fail(cause: RecordedEvent, code: string, message: string, userAction: string): Promise<void> {
    const taskId = (cause.data as { task_id: string }).task_id;
    await this.commands.execute(taskId, { type: 'FailTask', data: { code, message, user_action: userAction } }, causedCommandContext(cause, `fail:${code}`, ACTOR));
  }
}
