import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '../event-store/event-store.port.js';

let clockTick = 0;

export function testMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  clockTick += 1;
  return {
    correlationId: 'corr-test',
    causationId: null,
    actor: 'test',
    source: '127.0.0.1',
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, clockTick)).toISOString(),
    ...overrides,
  };
}

export function testEvent<T = Record<string, unknown>>(type: string, data: T, overrides: Partial<NewEvent> = {}): NewEvent {
  return { id: randomUUID(), type, data, metadata: testMetadata(), ...overrides };
}
