import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TaskSubmittedData } from '../../../contracts/events/task-events.js';
import { DeadlineEntity } from '../platform/deadlines/deadline.entity.js';
import { Deadlines } from '../platform/deadlines/deadline-scheduler.js';
import type { RecordedEvent } from '../platform/event-store/event-store.port.js';
import { AsProjector } from '../platform/projections/as-projector.js';
import type { Projector } from '../platform/projections/projector.js';

export const EXPIRE_TASK_DEADLINE = 'task.expire';

/**
 * Stale-task timers as data (GEN-6, SC-2): a pending deadline from submission, a processing deadline from
 * the start, both removed when the task ends. Built from events in the same transaction as the checkpoint,
 * so a restart loses none and a rebuild recreates exactly the open ones.
 */
@AsProjector()
@Injectable()
export class TaskDeadlinesProjector implements Projector {
  readonly name = 'task-deadlines';
  readonly version = 1;
  readonly handles = ['TaskSubmitted', 'TaskStarted', 'TaskCompleted', 'TaskFailed', 'TaskCanceled', 'TaskExpired'];
  readonly tables = [DeadlineEntity];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      const taskId = (event.data as { task_id: string }).task_id;
      const at = new Date(event.metadata.timestamp).getTime();
      switch (event.type) {
        case 'TaskSubmitted': {
          const data = event.data as TaskSubmittedData;
          await Deadlines.schedule(manager, deadline(taskId, 'pending', at + data.pending_timeout_ms, data.processing_timeout_ms));
          break;
        }
        case 'TaskStarted': {
          const pending = await manager.findOneBy(DeadlineEntity, { id: deadlineId(taskId, 'pending') });
          await Deadlines.cancel(manager, deadlineId(taskId, 'pending'));
          const timeout = Number(pending?.payload.processing_timeout_ms ?? 0);
          if (timeout > 0) await Deadlines.schedule(manager, deadline(taskId, 'processing', at + timeout, timeout));
          break;
        }
        default:
          await Deadlines.cancel(manager, deadlineId(taskId, 'pending'));
          await Deadlines.cancel(manager, deadlineId(taskId, 'processing'));
      }
    }
  }
}

export function deadlineId(taskId: string, phase: 'pending' | 'processing'): string {
  return `task:${taskId}:${phase}`;
}

function deadline(taskId: string, phase: 'pending' | 'processing', dueAt: number, processingTimeoutMs: number) {
  return {
    id: deadlineId(taskId, phase),
    owner: 'task-deadlines',
    dueAt,
    kind: EXPIRE_TASK_DEADLINE,
    payload: { task_id: taskId, phase, processing_timeout_ms: processingTimeoutMs },
  };
}
