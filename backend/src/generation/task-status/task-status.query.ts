import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { DomainError } from '../../platform/errors/domain-error.js';
import { TaskStatusEntity } from './task-status.entity.js';

export interface TaskStatusView {
  task_id: string;
  status: TaskStatusEntity['status'];
  progress: number;
  stage: TaskStatusEntity['stage'];
  error_msg: string | null;
  error: { code: string; message: string; user_action: string } | null;
  result_url: string | null;
  preview_url: string | null;
  created_at: string;
  updated_at: string;
  model: string;
  type: 'image' | 'video';
  mode: string;
  prompt: string;
  negative_prompt: string;
  width: number;
  height: number;
  seed: number;
  output_format: string;
  parameters: Record<string, number | string | boolean>;
  adjustments: TaskStatusEntity['adjustments'];
  queue_position: number | null;
  step: number | null;
  total_steps: number | null;
  started_at: string | null;
  finished_at: string | null;
  timings: { queued_ms: number | null; processing_ms: number | null; total_ms: number | null };
  result: TaskStatusEntity['result'];
  preview: TaskStatusEntity['preview'];
  used: TaskStatusEntity['used'];
  retry_of: string | null;
  retried_as: string | null;
}

/** GET /status/{id} (GEN-3, COMPAT): one row of task_status, plus the queue position while pending. */
@Injectable()
export class TaskStatusQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async row(taskId: string): Promise<TaskStatusEntity> {
    const row = await this.dataSource.getRepository(TaskStatusEntity).findOneBy({ id: taskId });
    if (!row || row.deleted) throw new DomainError('task_not_found', `No task ${taskId}.`, { userAction: 'Check the task id; deleted tasks are gone.' });
    return row;
  }

  async view(taskId: string): Promise<TaskStatusView> {
    const row = await this.row(taskId);
    const queuePosition =
      row.status === 'pending'
        ? await this.dataSource.getRepository(TaskStatusEntity).countBy({ status: 'pending', submittedPosition: LessThan(row.submittedPosition) })
        : null;
    return toView(row, queuePosition);
  }
}

export function toView(row: TaskStatusEntity, queuePosition: number | null): TaskStatusView {
  const created = Date.parse(row.createdAt);
  const started = row.startedAt ? Date.parse(row.startedAt) : null;
  const finished = row.finishedAt ? Date.parse(row.finishedAt) : null;
  const done = row.status === 'done' && row.result !== null;
  return {
    task_id: row.id,
    status: row.status,
    progress: row.progress,
    stage: row.stage,
    error_msg: row.errorMessage,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '', user_action: row.errorAction ?? '' } : null,
    result_url: done ? `/results/${row.id}` : null,
    preview_url: done && row.preview ? `/preview/${row.id}` : null,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    model: row.model,
    type: row.type,
    mode: row.mode,
    prompt: row.prompt,
    negative_prompt: row.negativePrompt,
    width: row.width,
    height: row.height,
    seed: row.seed,
    output_format: row.outputFormat,
    parameters: row.parameters,
    adjustments: row.adjustments,
    queue_position: queuePosition,
    step: row.step,
    total_steps: row.totalSteps,
    started_at: row.startedAt,
    finished_at: row.finishedAt,
    timings: {
      queued_ms: started !== null ? started - created : finished !== null ? finished - created : null,
      processing_ms: started !== null && finished !== null ? finished - started : null,
      total_ms: finished !== null ? finished - created : null,
    },
    result: row.result,
    preview: row.preview,
    used: row.used,
    retry_of: row.retryOf,
    retried_as: row.retriedAs,
  };
}
