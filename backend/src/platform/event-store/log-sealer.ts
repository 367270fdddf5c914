import type { Clock } from '../clock/clock.js';
import type { IdSource } from '../ids/id-source.js';
import type { EventStore, RecordedEvent } from './event-store.port.js';
import { WrongExpectedRevisionError } from './event-store.errors.js';
import { sealStep } from './hash-chain.js';

export const SEAL_STREAM = '$seals';
export const SEAL_EVENT_TYPE = 'LogSealed';

export interface LogSealedData {
  /** Every event with position in (previousThrough, through] is folded into `digest`. */
  previousThrough: number;
  through: number;
  count: number;
  previousDigest: string;
  digest: string;
}

/**
 * Appends a seal that anchors every event since the previous seal: a digest folded over (position, hash)
 * pairs, chained to the previous seal. Per-stream hash chains catch an edit or a gap inside a stream; the
 * seal also catches a deleted stream tail and events moved between positions.
 */
export class LogSealer {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly ids: IdSource,
  ) {}

  async lastSeal(): Promise<{ revision: number; data: LogSealedData } | null> {
    const revision = await this.store.streamRevision(SEAL_STREAM);
    if (revision < 0) return null;
    const [event] = await this.store.readStream(SEAL_STREAM, { fromRevision: revision, maxCount: 1 });
    return { revision, data: event.data as LogSealedData };
  }

  /** Seals the log up to its current head; returns null when nothing but the last seal is new. */
  async seal(actor = 'system:sealer'): Promise<LogSealedData | null> {
    const last = await this.lastSeal();
    const previousThrough = last?.data.through ?? 0;
    const previousDigest = last?.data.digest ?? '';
    const head = await this.store.headPosition();
    let digest = previousDigest;
    let count = 0;
    let after = previousThrough;
    let onlySeals = true;
    while (after < head) {
      const batch: RecordedEvent[] = await this.store.readAll({ after, maxCount: 5000 });
      if (batch.length === 0) break;
      for (const event of batch) {
        if (event.position > head) break;
        digest = sealStep(digest, event.position, event.hash);
        count += 1;
        if (event.stream !== SEAL_STREAM) onlySeals = false;
        after = event.position;
      }
      if (batch[batch.length - 1].position >= head) break;
    }
    if (count === 0 || onlySeals) return null;
    const data: LogSealedData = { previousThrough, through: after, count, previousDigest, digest };
    try {
      await this.store.append(
        SEAL_STREAM,
        [
          {
            id: this.ids.next(),
            type: SEAL_EVENT_TYPE,
            data,
            metadata: { correlationId: this.ids.next(), causationId: null, actor, source: 'internal', timestamp: this.clock.now().toISOString() },
          },
        ],
        { expectedRevision: last ? last.revision : 'no_stream' },
      );
    } catch (error) {
      // Another sealer won the race; its seal covers the same ground.
      if (error instanceof WrongExpectedRevisionError) return null;
      throw error;
    }
    return data;
  }
}
