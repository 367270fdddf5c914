import type {
  MediaRef,
  TaskEvent,
  TaskStage,
  TaskStatus,
  TaskSubmittedData,
} from '../../../contracts/events/task-events.js';
import { assertNever, type Decider } from '../platform/event-sourcing/decider.js';
import { DomainError } from '../platform/errors/domain-error.js';
import type { TaskCommand } from './task.commands.js';

export type TaskState =
  | { status: 'none' }
  | {
      status: TaskStatus;
      submitted: TaskSubmittedData;
      progress: number;
      stage: TaskStage;
      dispatch: { accountId: string; jobId: string; attempt: number } | null;
      result: MediaRef | null;
      preview: MediaRef | null;
      deleted: boolean;
    };

type ExistingTask = Exclude<TaskState, { status: 'none' }>;

const STAGE_ORDER: readonly TaskStage[] = ['queued', 'dispatched', 'loading_model', 'inferring', 'encoding', 'storing', 'done'];
/** Stages that mean a worker has picked the job up (GEN-2: pending → processing). */
const STARTED_STAGES = new Set<TaskStage>(['loading_model', 'inferring', 'encoding', 'storing', 'done']);
const TERMINAL = new Set<TaskStatus>(['done', 'failed', 'canceled']);

export const isTerminal = (status: TaskStatus): boolean => TERMINAL.has(status);

/**
 * The task's rules (GEN-2, GEN-5, GEN-6, GAL-2): pending → processing → done | failed | canceled;
 * progress never decreases; a terminal task never changes; late reports and deadlines are ignored.
 */
export const taskDecider: Decider<TaskState, TaskCommand, TaskEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'TaskSubmitted':
        return { status: 'pending', submitted: event.data, progress: 0, stage: 'queued', dispatch: null, result: null, preview: null, deleted: false };
      case 'TaskDispatched':
        return withTask(state, (task) => ({
          ...task,
          stage: 'dispatched',
          dispatch: { accountId: event.data.account_id, jobId: event.data.job_id, attempt: event.data.attempt },
        }));
      case 'TaskDispatchFailed':
        return state;
      case 'TaskStarted':
        return withTask(state, (task) => ({ ...task, status: 'processing' }));
      case 'TaskProgressed':
        return withTask(state, (task) => ({ ...task, progress: event.data.progress, stage: event.data.stage }));
      case 'TaskCompleted':
        return withTask(state, (task) => ({ ...task, status: 'done', progress: 100, stage: 'done', result: event.data.result, preview: event.data.preview }));
      case 'TaskFailed':
      case 'TaskExpired':
        return withTask(state, (task) => ({ ...task, status: 'failed' }));
      case 'TaskCanceled':
        return withTask(state, (task) => ({ ...task, status: 'canceled' }));
      case 'TaskOutputDeleted':
        return withTask(state, (task) => ({ ...task, deleted: true, result: null, preview: null }));
      case 'TaskRetried':
        return state;
      default:
        return assertNever(event, 'task event');
    }
  },

  decide(command, state) {
    if (command.type === 'SubmitTask') {
      if (state.status === 'none') return [{ type: 'TaskSubmitted', data: command.data }];
      if (state.submitted.request_hash === command.data.request_hash) return [];
      throw new DomainError('concurrency_conflict', `Task ${command.data.task_id} already exists with another request.`, {
        userAction: 'Submit again without reusing the task id.',
      });
    }
    if (state.status === 'none' || state.deleted) throw notFound();
    const task = state;
    const taskId = task.submitted.task_id;
    switch (command.type) {
      case 'DispatchTask':
        if (task.status !== 'pending' || task.dispatch?.jobId === command.data.job_id) return [];
        return [{ type: 'TaskDispatched', data: { task_id: taskId, ...command.data } }];
      case 'RecordDispatchFailure':
        return task.status === 'pending' && !task.dispatch ? [{ type: 'TaskDispatchFailed', data: { task_id: taskId, ...command.data } }] : [];
      case 'RecordProgress':
        return recordProgress(task, command.data);
      case 'CompleteTask':
        if (isTerminal(task.status)) return [];
        return [
          ...(task.status === 'pending' ? [{ type: 'TaskStarted' as const, data: { task_id: taskId } }] : []),
          { type: 'TaskCompleted', data: { task_id: taskId, ...command.data } },
        ];
      case 'FailTask':
        if (isTerminal(task.status)) return [];
        return [{ type: 'TaskFailed', data: { task_id: taskId, ...command.data } }];
      case 'CancelTask':
        if (task.status === 'canceled') return [];
        if (isTerminal(task.status)) {
          throw new DomainError('task_not_cancelable', `Task ${taskId} is already ${task.status}.`, { userAction: 'Only a pending or processing task can be canceled.' });
        }
        return [{ type: 'TaskCanceled', data: { task_id: taskId, reason: command.data.reason } }];
      case 'ExpireTask':
        if (task.status !== command.data.phase) return [];
        return [{ type: 'TaskExpired', data: expiry(taskId, command.data.phase, task.submitted) }];
      case 'DeleteOutput':
        if (!isTerminal(task.status)) {
          throw new DomainError('task_active', `Task ${taskId} is still ${task.status}.`, { userAction: 'Cancel the task first, or wait until it ends.' });
        }
        return [{ type: 'TaskOutputDeleted', data: { task_id: taskId, result_sha256: task.result?.sha256 ?? null, preview_sha256: task.preview?.sha256 ?? null } }];
      case 'RetryTask':
        if (!isTerminal(task.status)) {
          throw new DomainError('task_not_retryable', `Task ${taskId} is still ${task.status}.`, { userAction: 'Wait until the task ends, or cancel it, then retry.' });
        }
        return [{ type: 'TaskRetried', data: { task_id: taskId, new_task_id: command.data.new_task_id } }];
      default:
        return assertNever(command, 'task command');
    }
  },
};

function recordProgress(task: ExistingTask, report: Extract<TaskCommand, { type: 'RecordProgress' }>['data']): TaskEvent[] {
  if (isTerminal(task.status)) return [];
  const progress = Math.max(0, Math.min(99, Math.floor(report.progress)));
  const later = STAGE_ORDER.indexOf(report.stage) > STAGE_ORDER.indexOf(task.stage);
  const stage = later ? report.stage : task.stage;
  const events: TaskEvent[] = [];
  const taskId = task.submitted.task_id;
  if (task.status === 'pending' && STARTED_STAGES.has(stage)) events.push({ type: 'TaskStarted', data: { task_id: taskId } });
  if (progress > task.progress || later) {
    events.push({
      type: 'TaskProgressed',
      data: {
        task_id: taskId,
        progress: Math.max(progress, task.progress),
        stage,
        ...(report.step !== undefined ? { step: report.step } : {}),
        ...(report.total_steps !== undefined ? { total_steps: report.total_steps } : {}),
      },
    });
  }
  return events;
}

function expiry(taskId: string, phase: 'pending' | 'processing', submitted: TaskSubmittedData) {
  if (phase === 'pending') {
    return {
      task_id: taskId,
      phase,
      code: 'worker_start_timeout' as const,
      message: `No worker started the task within ${Math.round(submitted.pending_timeout_ms / 1000)} s.`,
      user_action: 'Try again later; if it keeps happening, an admin should check the worker accounts.',
    };
  }
  return {
    task_id: taskId,
    phase,
    code: 'stale_timeout' as const,
    message: `The task was processing for more than ${Math.round(submitted.processing_timeout_ms / 60_000)} min without finishing.`,
    user_action: 'Retry the task; lower resolution, frames or steps if it keeps timing out.',
  };
}

function withTask(state: TaskState, change: (task: ExistingTask) => TaskState): TaskState {
  return state.status === 'none' ? state : change(state);
}

function notFound(): DomainError {
  return new DomainError('task_not_found', 'No such task.', { userAction: 'Check the task id; deleted tasks are gone.' });
}
