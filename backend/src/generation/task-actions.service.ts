import { Inject, Injectable } from '@nestjs/common';
import type { TaskSubmittedData } from '../../../contracts/events/task-events.js';
import type { Principal } from '../platform/auth/principal.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { requestCommandContext } from '../platform/event-sourcing/command-context.js';
import { derivedId, ID_SOURCE, type IdSource } from '../platform/ids/id-source.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';
import { actorOf, ownerOf, SubmissionService } from './submission.service.js';
import { TaskCommands } from './task-command.handler.js';
import type { TaskState } from './task.decider.js';

/** Cancel, retry and delete-output on behalf of a caller (GEN-5, GAL-2), with the owner check. */
@Injectable()
export class TaskActions {
  constructor(
    private readonly commands: TaskCommands,
    private readonly submissions: SubmissionService,
    private readonly runtime: PlatformRuntime,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  async cancel(taskId: string, principal: Principal, source: string): Promise<void> {
    await this.owned(taskId, principal);
    const executed = await this.commands.execute(taskId, { type: 'CancelTask', data: { reason: `canceled by ${actorOf(principal)}` } }, requestCommandContext(this.ids.next(), actorOf(principal), source));
    await this.runtime.projections.waitFor(executed.position, { names: ['task-status'] });
  }

  async retry(taskId: string, principal: Principal, source: string): Promise<{ task_id: string; status: 'pending'; retry_of: string }> {
    const task = await this.owned(taskId, principal);
    if (task.status === 'pending' || task.status === 'processing') {
      throw new DomainError('task_not_retryable', `Task ${taskId} is still ${task.status}.`, { userAction: 'Wait until the task ends, or cancel it, then retry.' });
    }
    await this.submissions.enforceCapacity(ownerOf(principal));
    const newTaskId = this.ids.next();
    const data: TaskSubmittedData = { ...task.submitted, task_id: newTaskId, owner: ownerOf(principal), retry_of: taskId };
    const context = requestCommandContext(derivedId(newTaskId, 'submit'), actorOf(principal), source);
    await this.commands.execute(newTaskId, { type: 'SubmitTask', data }, context);
    const executed = await this.commands.execute(taskId, { type: 'RetryTask', data: { new_task_id: newTaskId } }, { ...context, commandId: derivedId(newTaskId, 'retried') });
    await this.runtime.projections.waitFor(executed.position, { names: ['task-status'] });
    return { task_id: newTaskId, status: 'pending', retry_of: taskId };
  }

  async deleteOutput(taskId: string, principal: Principal, source: string): Promise<void> {
    await this.owned(taskId, principal);
    const executed = await this.commands.execute(taskId, { type: 'DeleteOutput', data: {} }, requestCommandContext(this.ids.next(), actorOf(principal), source));
    await this.runtime.projections.waitFor(executed.position);
  }

  /** Only the owner (the session or key that created it) or an admin may act on a task. */
  private async owned(taskId: string, principal: Principal): Promise<Exclude<TaskState, { status: 'none' }>> {
    const state = await this.commands.load(taskId);
    if (state.status === 'none' || state.deleted) throw new DomainError('task_not_found', `No task ${taskId}.`, { userAction: 'Check the task id; deleted tasks are gone.' });
    const owner = state.submitted.owner;
    if (principal.kind !== 'admin' && (owner.kind !== principal.kind || owner.id !== principal.id)) {
      throw new DomainError('forbidden', 'This task belongs to someone else.', { userAction: 'You can only change your own tasks.' });
    }
    return state;
  }
}
