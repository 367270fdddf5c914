import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountStream, type AccountEvent } from '../../../contracts/events/account-events.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port.js';
import { executeCommand, type CommandContext, type Executed } from '../platform/event-sourcing/command-executor.js';
import type { AccountCommand } from './account.commands.js';
import { accountDecider, type AccountState } from './account.decider.js';

/** The cqrs envelope of an account command. */
export class ExecuteAccountCommand {
  constructor(
    readonly accountId: string,
    readonly command: AccountCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteAccountCommand)
export class ExecuteAccountCommandHandler implements ICommandHandler<ExecuteAccountCommand, Executed<AccountState>> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ accountId, command, context }: ExecuteAccountCommand): Promise<Executed<AccountState>> {
    return executeCommand<AccountState, AccountCommand, AccountEvent>(this.store, this.clock, accountStream(accountId), accountDecider, command, context);
  }
}

@Injectable()
export class AccountCommands {
  constructor(
    private readonly bus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  execute(accountId: string, command: AccountCommand, context: CommandContext): Promise<Executed<AccountState>> {
    return this.bus.execute<ExecuteAccountCommand, Executed<AccountState>>(new ExecuteAccountCommand(accountId, command, context));
  }

  async load(accountId: string): Promise<AccountState> {
    let state = accountDecider.initialState();
    for (const event of await this.store.readStream(accountStream(accountId))) state = accountDecider.evolve(state, event as unknown as AccountEvent);
    return state;
  }
}
