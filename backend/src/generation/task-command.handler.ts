import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { taskStream, type TaskEvent } from '../../../contracts/events/task-events.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port.js';
import { executeCommand, type CommandContext, type Executed } from '../platform/event-sourcing/command-executor.js';
import type { TaskCommand } from './task.commands.js';
import { taskDecider, type TaskState } from './task.decider.js';

/** The cqrs envelope of a task command: a thin carrier, the rules live in the decider. */
export class ExecuteTaskCommand {
  constructor(
    readonly taskId: string,
    readonly command: TaskCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteTaskCommand)
export class ExecuteTaskCommandHandler implements ICommandHandler<ExecuteTaskCommand, Executed<TaskState>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ taskId, command, context }: ExecuteTaskCommand): Promise<Executed<TaskState>> {
    return executeCommand<TaskState, TaskCommand, TaskEvent>(this.store, this.clock, taskStream(taskId), taskDecider, command, context);
  }
}

/** What other parts (controllers, processes, the gallery) call to change a task. */
@Injectable()
export class TaskCommands {
  constructor(
    private readonly bus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute(taskId: string, command: TaskCommand, context: CommandContext): Promise<Executed<TaskState>> {
    return this.bus.execute<ExecuteTaskCommand, Executed<TaskState>>(new ExecuteTaskCommand(taskId, command, context));
  }

  /** The task's current state, folded from its stream (the write side's truth, not a read model). */
  async load(taskId: string): Promise<TaskState> {
    let state = taskDecider.initialState();
    for (const event of await this.store.readStream(taskStream(taskId))) state = taskDecider.evolve(state, event as unknown as TaskEvent);
    return state;
  }
}
