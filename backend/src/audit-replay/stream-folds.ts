import { taskStream, type TaskEvent } from '../../../contracts/events/task-events.js';
import { taskDecider, type TaskState } from '../generation/index.js';
import type { RecordedEvent } from '../platform/event-store/event-store.port.js';

/** How a stream's events fold into its aggregate's state: the aggregate's own pure `evolve`, nothing else. */
export interface StreamFold<TState = unknown> {
  readonly aggregate: string;
  matches(stream: string): boolean;
  initialState(): TState;
  evolve(state: TState, event: RecordedEvent): TState;
}

const TASK_PREFIX = taskStream('');

const taskFold: StreamFold<TaskState> = {
  aggregate: 'task',
  matches: (stream) => stream.startsWith(TASK_PREFIX) && stream.length > TASK_PREFIX.length,
  initialState: () => taskDecider.initialState(),
  evolve: (state, event) => taskDecider.evolve(state, event as unknown as TaskEvent),
};

/** Streams whose state auditors can see folded (AUD-4); other streams answer with their events only. */
const FOLDS: readonly StreamFold[] = [taskFold as StreamFold];

export function foldFor(stream: string): StreamFold | null {
  return FOLDS.find((fold) => fold.matches(stream)) ?? null;
}
