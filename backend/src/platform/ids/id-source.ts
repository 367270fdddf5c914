import { createHash, randomUUID } from 'node:crypto';

/** Ids enter the domain only through this port, so tests can make them predictable. */
export interface IdSource {
  next(): string;
}

export const ID_SOURCE = Symbol('ID_SOURCE');

export class RandomIdSource implements IdSource {
  next(): string {
    return randomUUID();
  }
}

export class SequentialIdSource implements IdSource {
  private counter = 0;

  constructor(private readonly prefix = 'id') {}

  next(): string {
    this.counter += 1;
    return `${this.prefix}-${String(this.counter).padStart(6, '0')}`;
  }
}

/**
 * A stable UUID-shaped id derived from its parts (name-based, like RFC 4122 v5 but with sha256). Commands
 * issued by processes derive their ids from the causing event, so a redelivered event yields the same ids
 * and the store's idempotent append turns the retry into a no-op.
 */
export function derivedId(...parts: readonly (string | number)[]): string {
  const hex = createHash('sha256').update(parts.join('\u001f')).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
