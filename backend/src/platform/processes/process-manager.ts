import { SetMetadata } from '@nestjs/common';
import type { RecordedEvent } from '../event-store/event-store.port.js';

/**
 * A process manager (saga) reacts to events from the durable subscription and issues commands. Delivery
 * is at least once: `handle` must be idempotent, which it is when the commands it issues carry ids derived
 * from the causing event (`derivedId(event.id, ...)`), so the store's idempotent append absorbs a retry.
 */
export interface ProcessManager {
  readonly name: string;
  readonly handles: readonly string[];
  handle(event: RecordedEvent): Promise<void>;
  /**
   * Events with different keys may be handled concurrently within a batch; the same key keeps log order.
   * Absent: one at a time.
   */
  concurrencyKey?(event: RecordedEvent): string;
}

export const PROCESS_MANAGER_METADATA = 'gg:process-manager';

/** Marks a provider as a process manager; the runner finds it through Nest's discovery. */
export const AsProcessManager = (): ClassDecorator => SetMetadata(PROCESS_MANAGER_METADATA, true);
