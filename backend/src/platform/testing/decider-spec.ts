import type { Decider, DomainEvent } from '../event-sourcing/decider.js';

/**
 * given(events).when(command).then(events) / .thenThrows(code): decider tests without mocks
 * (house style rule 5).
 */
export function deciderSpec<S, C, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return (history: E[]) => ({
    when(command: C) {
      const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
      return {
        then(expected: E[]) {
          expect(run()).toEqual(expected);
        },
        thenThrows(code: string) {
          expect(run).toThrow(expect.objectContaining({ code }) as unknown as Error);
        },
        events: run,
      };
    },
  });
}
