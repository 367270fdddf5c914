import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { adminSessionStream, type AdminSessionEvent } from '../../../contracts/events/admin-session-events.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port.js';
import { executeCommand, type CommandContext, type Executed } from '../platform/event-sourcing/command-executor.js';
import type { AdminSessionCommand } from './admin-session.commands.js';
import { adminSessionDecider, type AdminSessionState } from './admin-session.decider.js';

export class ExecuteAdminSessionCommand {
  constructor(readonly adminSessionId: string, readonly command: AdminSessionCommand, readonly context: CommandContext) {}
}

@CommandHandler(ExecuteAdminSessionCommand)
export class ExecuteAdminSessionCommandHandler implements ICommandHandler<ExecuteAdminSessionCommand, Executed<AdminSessionState>> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(CLOCK) private readonly clock: Clock) {}

  execute({ adminSessionId, command, context }: ExecuteAdminSessionCommand): Promise<Executed<AdminSessionState>> {
    return executeCommand<AdminSessionState, AdminSessionCommand, AdminSessionEvent>(
      this.store, this.clock, adminSessionStream(adminSessionId), adminSessionDecider, command, context,
    );
  }
}

@Injectable()
export class AdminSessionCommands {
  constructor(private readonly bus: CommandBus) {}

  execute(adminSessionId: string, command: AdminSessionCommand, context: CommandContext): Promise<Executed<AdminSessionState>> {
    return this.bus.execute<ExecuteAdminSessionCommand, Executed<AdminSessionState>>(new ExecuteAdminSessionCommand(adminSessionId, command, context));
  }
}
