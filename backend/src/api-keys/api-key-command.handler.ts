import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { apiKeyStream, type ApiKeyEvent } from '../../../contracts/events/api-key-events.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port.js';
import { executeCommand, type CommandContext, type Executed } from '../platform/event-sourcing/command-executor.js';
import type { ApiKeyCommand } from './api-key.commands.js';
import { apiKeyDecider, type ApiKeyState } from './api-key.decider.js';

export class ExecuteApiKeyCommand {
  constructor(readonly keyId: string, readonly command: ApiKeyCommand, readonly context: CommandContext) {}
}

@CommandHandler(ExecuteApiKeyCommand)
export class ExecuteApiKeyCommandHandler implements ICommandHandler<ExecuteApiKeyCommand, Executed<ApiKeyState>> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(CLOCK) private readonly clock: Clock) {}

  execute({ keyId, command, context }: ExecuteApiKeyCommand): Promise<Executed<ApiKeyState>> {
    return executeCommand<ApiKeyState, ApiKeyCommand, ApiKeyEvent>(this.store, this.clock, apiKeyStream(keyId), apiKeyDecider, command, context);
  }
}

@Injectable()
export class ApiKeyCommands {
  constructor(private readonly bus: CommandBus) {}

  execute(keyId: string, command: ApiKeyCommand, context: CommandContext): Promise<Executed<ApiKeyState>> {
    return this.bus.execute<ExecuteApiKeyCommand, Executed<ApiKeyState>>(new ExecuteApiKeyCommand(keyId, command, context));
  }
}
