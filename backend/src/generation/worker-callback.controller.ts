import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { JOB_STAGES, JOB_STATES, type JobStatus } from '../../../contracts/worker-api/worker-api.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { WORKER_ROUTING, type WorkerRouting } from '../platform/worker-client/worker-routing.port.js';
import { checkTaskId } from './generation.controller.js';
import { JobFollower } from './job-follower.service.js';
import { TaskStatusQuery } from './task-status/task-status.query.js';

/**
 * Pushed job reports (worker contract `callback_url`): the worker authenticates with the bearer token of
 * the account the task was dispatched to — no session, no API key. Anything else is refused.
 */
@ApiExcludeController()
@Controller('worker-callbacks')
export class WorkerCallbackController {
  constructor(
    private readonly statuses: TaskStatusQuery,
    private readonly follower: JobFollower,
    @Inject(WORKER_ROUTING) private readonly routing: WorkerRouting,
  ) {}

  @Post(':taskId')
  @HttpCode(204)
  async report(@Param('taskId') taskId: string, @Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<void> {
    const token = /^Bearer (\S{8,512})$/.exec(authorization ?? '')?.[1];
    const row = await this.statuses.row(checkTaskId(taskId));
    if (!token || !row.accountId || !(await this.routing.verifyWorkerToken(row.accountId, token))) {
      throw new DomainError('invalid_worker_token', 'This report is not signed by the worker that runs the task.', { userAction: 'Workers send the bearer token of their account.' });
    }
    await this.follower.report(taskId, parseJobStatus(body));
  }
}

function parseJobStatus(body: unknown): JobStatus {
  const status = body as Partial<JobStatus> | null;
  const ok =
    typeof status === 'object' && status !== null &&
    typeof status.job_id === 'string' &&
    (JOB_STATES as readonly string[]).includes(status.state as string) &&
    (JOB_STAGES as readonly string[]).includes(status.stage as string) &&
    typeof status.progress === 'number' && Number.isInteger(status.progress) && status.progress >= 0 && status.progress <= 100 &&
    typeof status.used === 'object' && status.used !== null;
  if (!ok) {
    throw new DomainError('validation_error', 'The report is not a job status document (see specs/worker-api.md).', {
      userAction: 'Send the JobStatus JSON of the worker contract.',
      metadata: { fields: [{ field: '(body)', code: 'invalid', message: 'not a JobStatus' }] },
    });
  }
  return status as JobStatus;
}
