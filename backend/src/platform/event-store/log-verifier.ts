import type { EventStore, RecordedEvent } from './event-store.port.js';
import { eventHash, sealStep } from './hash-chain.js';
import { SEAL_EVENT_TYPE, SEAL_STREAM, type LogSealedData } from './log-sealer.js';

export interface VerificationFailure {
  position: number;
  eventId: string;
  stream: string;
  revision: number;
  reason: string;
}

export interface VerificationReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  sealsChecked: number;
  /** Events after the last seal's range: a deleted tail there is only caught by the next seal. */
  unsealedEvents: number;
  headPosition: number;
  firstBadEvent: VerificationFailure | null;
}

export interface VerifyOptions {
  /** The SQLite log numbers positions 1, 2, 3…; a hole is a deleted event. EventStoreDB's are not contiguous. */
  contiguousPositions: boolean;
  batchSize?: number;
}

interface Folded {
  position: number;
  /** sealStep folded over every event from the start through `position`. */
  digest: string;
  total: number;
}

/**
 * Walks the whole log once: recomputes each event's hash, checks each stream's chain and revision
 * sequence, position order and holes, and every seal (a seal's digest is the fold of all events from
 * position 1 through its `through`). Names the first event that does not match.
 */
export async function verifyLog(store: EventStore, options: VerifyOptions): Promise<VerificationReport> {
  const heads = new Map<string, { revision: number; hash: string }>();
  let firstBad: VerificationFailure | null = null;
  const fail = (event: RecordedEvent, reason: string) => {
    firstBad ??= { position: event.position, eventId: event.id, stream: event.stream, revision: event.revision, reason };
  };
  let running: Folded = { position: 0, digest: '', total: 0 };
  // Folds since the last seal's `through`, so a seal appended later can be checked against its range.
  let sinceSeal: Folded[] = [running];
  let sealed: Folded = running;
  let sealsChecked = 0;
  let eventsChecked = 0;

  let after = 0;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: options.batchSize ?? 5000 });
    if (batch.length === 0) break;
    for (const event of batch) {
      eventsChecked += 1;
      checkPosition(event, running.position, options, fail);
      checkChain(event, heads.get(event.stream), fail);
      heads.set(event.stream, { revision: event.revision, hash: event.hash });
      if (event.stream === SEAL_STREAM && event.type === SEAL_EVENT_TYPE) {
        sealsChecked += 1;
        const seal = event.data as LogSealedData;
        const at = sinceSeal.find((folded) => folded.position === seal.through);
        if (seal.previousThrough !== sealed.position || seal.previousDigest !== sealed.digest) {
          fail(event, `seal does not continue the previous seal (which ended at position ${sealed.position})`);
        } else if (!at) {
          fail(event, `seal ends at position ${seal.through}, which is missing from the log`);
        } else if (at.digest !== seal.digest || at.total - sealed.total !== seal.count) {
          fail(event, `positions ${seal.previousThrough + 1}–${seal.through} do not match their seal: ${seal.count} events were sealed, ${at.total - sealed.total} are there, or their hashes or order changed`);
        }
        if (at) {
          sealed = at;
          sinceSeal = sinceSeal.filter((folded) => folded.position >= at.position);
        }
      }
      running = { position: event.position, digest: sealStep(running.digest, event.position, event.hash), total: running.total + 1 };
      sinceSeal.push(running);
    }
    after = batch[batch.length - 1].position;
  }

  return {
    ok: firstBad === null,
    eventsChecked,
    streamsChecked: heads.size,
    sealsChecked,
    unsealedEvents: running.total - sealed.total,
    headPosition: running.position,
    firstBadEvent: firstBad,
  };
}

function checkPosition(event: RecordedEvent, last: number, options: VerifyOptions, fail: (e: RecordedEvent, r: string) => void) {
  if (event.position <= last) fail(event, `position ${event.position} is not after ${last}`);
  else if (options.contiguousPositions && event.position !== last + 1) {
    fail(event, `positions ${last + 1}–${event.position - 1} are missing (deleted events)`);
  }
}

function checkChain(
  event: RecordedEvent,
  head: { revision: number; hash: string } | undefined,
  fail: (e: RecordedEvent, r: string) => void,
) {
  const expectedRevision = head ? head.revision + 1 : 0;
  if (event.revision !== expectedRevision) {
    fail(event, `stream revision ${event.revision} where ${expectedRevision} was expected (deleted or reordered event)`);
  } else if (event.prevHash !== (head ? head.hash : '')) {
    fail(event, "previous-hash link does not match the stream's previous event");
  } else if (eventHash(event.prevHash, event) !== event.hash) {
    fail(event, 'content does not match its hash (edited event)');
  }
}
