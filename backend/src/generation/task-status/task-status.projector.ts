import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TASK_EVENT_TYPES, type TaskEvent } from '../../../../contracts/events/task-events.js';
import type { RecordedEvent } from '../../platform/event-store/event-store.port.js';
import { assertNever } from '../../platform/event-sourcing/decider.js';
import { AsProjector } from '../../platform/projections/as-projector.js';
import { applyKeyed } from '../../platform/projections/keyed-projection.js';
import type { Projector } from '../../platform/projections/projector.js';
import { TaskChangeNotifier } from '../task-change.notifier.js';
import { TaskStatusEntity } from './task-status.entity.js';

/** Builds task_status from task events (GEN-2, GEN-3). Idempotent: events at or below the row's revision are skipped. */
@AsProjector()
@Injectable()
export class TaskStatusProjector implements Projector {
  readonly name = 'task-status';
  readonly version = 1;
  readonly handles = TASK_EVENT_TYPES;
  readonly tables = [TaskStatusEntity];

  constructor(private readonly notifier: TaskChangeNotifier) {}

  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    return applyKeyed<TaskStatusEntity>(manager, {
      entity: TaskStatusEntity,
      keyProperty: 'id',
      keyOf: (event) => (event.data as { task_id?: string }).task_id ?? null,
      evolve: (row, event) => (row && event.revision <= row.revision ? row : evolveRow(row, event)),
    }, events);
  }

  afterCommit(events: readonly RecordedEvent[]): void {
    for (const id of new Set(events.map((event) => (event.data as { task_id: string }).task_id))) this.notifier.changed(id);
  }
}

export function evolveRow(row: TaskStatusEntity | undefined, recorded: RecordedEvent): TaskStatusEntity | null {
  const event = recorded as unknown as TaskEvent;
  const at = recorded.metadata.timestamp;
  if (event.type === 'TaskSubmitted') {
    const data = event.data;
    return {
      id: data.task_id,
      revision: recorded.revision,
      submittedPosition: recorded.position,
      ownerKind: data.owner.kind,
      ownerId: data.owner.id,
      model: data.model,
      type: data.type,
      mode: data.mode,
      status: 'pending',
      stage: 'queued',
      progress: 0,
      step: null,
      totalSteps: null,
      prompt: data.prompt,
      negativePrompt: data.negative_prompt,
      width: data.width,
      height: data.height,
      seed: data.seed,
      outputFormat: data.output_format,
      parameters: data.parameters,
      adjustments: data.adjustments,
      images: data.images,
      errorCode: null,
      errorMessage: null,
      errorAction: null,
      accountId: null,
      jobId: null,
      result: null,
      preview: null,
      used: null,
      deleted: false,
      retryOf: data.retry_of,
      retriedAs: null,
      createdAt: at,
      updatedAt: at,
      startedAt: null,
      finishedAt: null,
    };
  }
  if (!row) return null;
  const next: TaskStatusEntity = { ...row, revision: recorded.revision, updatedAt: at };
  switch (event.type) {
    case 'TaskDispatched':
      return { ...next, stage: 'dispatched', accountId: event.data.account_id, jobId: event.data.job_id };
    case 'TaskDispatchFailed':
      return next;
    case 'TaskStarted':
      return { ...next, status: 'processing', startedAt: at };
    case 'TaskProgressed':
      return { ...next, progress: event.data.progress, stage: event.data.stage, step: event.data.step ?? null, totalSteps: event.data.total_steps ?? null };
    case 'TaskCompleted':
      return { ...next, status: 'done', stage: 'done', progress: 100, result: event.data.result, preview: event.data.preview, used: event.data.used, finishedAt: at };
    case 'TaskFailed':
    case 'TaskExpired':
      return { ...next, status: 'failed', errorCode: event.data.code, errorMessage: event.data.message, errorAction: event.data.user_action, finishedAt: at };
    case 'TaskCanceled':
      return { ...next, status: 'canceled', errorCode: 'canceled', errorMessage: 'The task was canceled.', errorAction: 'Submit it again or retry it when you want the result.', finishedAt: at };
    case 'TaskOutputDeleted':
      return { ...next, deleted: true, result: null, preview: null };
    case 'TaskRetried':
      return { ...next, retriedAs: event.data.new_task_id };
    default:
      return assertNever(event, 'task event');
  }
}
