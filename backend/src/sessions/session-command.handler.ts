import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accessCodeStream, sessionStream, type AccessCodeEvent, type SessionEvent } from '../../../contracts/events/session-events.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port.js';
import { executeCommand, type CommandContext, type Executed } from '../platform/event-sourcing/command-executor.js';
import { accessCodeDecider, type AccessCodeState } from './access-code.decider.js';
import type { AccessCodeCommand, SessionCommand } from './session.commands.js';
import { sessionDecider, type SessionState } from './session.decider.js';

/** cqrs envelopes: thin carriers, the rules live in the deciders. */
export class ExecuteSessionCommand {
  constructor(readonly sessionId: string, readonly command: SessionCommand, readonly context: CommandContext) {}
}

export class ExecuteAccessCodeCommand {
  constructor(readonly codeId: string, readonly command: AccessCodeCommand, readonly context: CommandContext) {}
}

@CommandHandler(ExecuteSessionCommand)
export class ExecuteSessionCommandHandler implements ICommandHandler<ExecuteSessionCommand, Executed<SessionState>> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(CLOCK) private readonly clock: Clock) {}

  execute({ sessionId, command, context }: ExecuteSessionCommand): Promise<Executed<SessionState>> {
    return executeCommand<SessionState, SessionCommand, SessionEvent>(this.store, this.clock, sessionStream(sessionId), sessionDecider, command, context);
  }
}

@CommandHandler(ExecuteAccessCodeCommand)
export class ExecuteAccessCodeCommandHandler implements ICommandHandler<ExecuteAccessCodeCommand, Executed<AccessCodeState>> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(CLOCK) private readonly clock: Clock) {}

  execute({ codeId, command, context }: ExecuteAccessCodeCommand): Promise<Executed<AccessCodeState>> {
    return executeCommand<AccessCodeState, AccessCodeCommand, AccessCodeEvent>(this.store, this.clock, accessCodeStream(codeId), accessCodeDecider, command, context);
  }
}

@Injectable()
export class SessionCommands {
  constructor(private readonly bus: CommandBus) {}

  session(sessionId: string, command: SessionCommand, context: CommandContext): Promise<Executed<SessionState>> {
    return this.bus.execute<ExecuteSessionCommand, Executed<SessionState>>(new ExecuteSessionCommand(sessionId, command, context));
  }

  accessCode(codeId: string, command: AccessCodeCommand, context: CommandContext): Promise<Executed<AccessCodeState>> {
    return this.bus.execute<ExecuteAccessCodeCommand, Executed<AccessCodeState>>(new ExecuteAccessCodeCommand(codeId, command, context));
  }
}
