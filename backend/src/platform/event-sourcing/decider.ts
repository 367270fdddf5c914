/**
 * Business logic as a decider (house style rule 3): pure and synchronous, no I/O, no clock, no random ids.
 * Events and commands are plain JSON objects in discriminated unions.
 */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

export interface Decider<TState, TCommand, TEvent extends DomainEvent> {
  initialState(): TState;
  evolve(state: TState, event: TEvent): TState;
  /** Returns the events the command causes (possibly none) or throws a coded DomainError. */
  decide(command: TCommand, state: TState): TEvent[];
}

/** Exhaustiveness check for switches over unions (house style rule 4). */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
