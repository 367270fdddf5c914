import type { MediaRef, TaskError, TaskStage, TaskSubmittedData } from '../../../contracts/events/task-events.js';

/** Commands on one task (imperative names, house style rule 2). Ids and time come from the context. */
export type TaskCommand =
  | { type: 'SubmitTask'; data: TaskSubmittedData }
  | { type: 'DispatchTask'; data: { account_id: string; job_id: string; attempt: number; estimated_cost_usd: number } }
  | { type: 'RecordDispatchFailure'; data: { account_id: string; attempt: number; kind: string; code: string; message: string } }
  | { type: 'RecordProgress'; data: { progress: number; stage: TaskStage; step?: number; total_steps?: number } }
  | { type: 'CompleteTask'; data: { result: MediaRef; preview: MediaRef; used: Record<string, number | string> } }
  | { type: 'FailTask'; data: TaskError }
  | { type: 'CancelTask'; data: { reason: string } }
  | { type: 'ExpireTask'; data: { phase: 'pending' | 'processing' } }
  | { type: 'DeleteOutput'; data: Record<string, never> }
  | { type: 'RetryTask'; data: { new_task_id: string } };
