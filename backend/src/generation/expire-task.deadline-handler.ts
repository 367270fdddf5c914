import { Injectable } from '@nestjs/common';
import { AsDeadlineHandler, type DeadlineFirer } from '../platform/deadlines/as-deadline-handler.js';
import type { DeadlineEntity } from '../platform/deadlines/deadline.entity.js';
import { systemCommandContext } from '../platform/event-sourcing/command-context.js';
import { derivedId } from '../platform/ids/id-source.js';
import { TaskCommands } from './task-command.handler.js';
import { EXPIRE_TASK_DEADLINE } from './task-deadlines.projector.js';

/** Fires a stale-task deadline as ExpireTask; the decider ignores it if the task has moved on (GEN-6). */
@AsDeadlineHandler(EXPIRE_TASK_DEADLINE)
@Injectable()
export class ExpireTaskDeadlineHandler implements DeadlineFirer {
  constructor(private readonly commands: TaskCommands) {}

  async fire(deadline: DeadlineEntity): Promise<void> {
    const { task_id: taskId, phase } = deadline.payload as { task_id: string; phase: 'pending' | 'processing' };
    const state = await this.commands.load(taskId);
    if (state.status === 'none' || state.deleted) return;
    await this.commands.execute(taskId, { type: 'ExpireTask', data: { phase } }, systemCommandContext(derivedId(deadline.id, 'expire'), 'process:deadlines', taskId));
  }
}
