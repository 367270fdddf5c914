import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEvent } from '../testing/event-factory.js';
import type { RecordedEvent } from './event-store.port.js';
import { exportLog, ndjsonLine, planExportPage } from './log-export.js';
import { SqliteEventStore } from './sqlite-event-store.js';

describe('Log export pages (AUD-4: GET /admin/events and `events export`)', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gg-export-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = async (count: number) => {
    for (let i = 0; i < count; i += 1) await store.append(`s-${i % 4}`, [testEvent('Counted', { i })], { expectedRevision: 'any' });
  };
  const collect = async (after: number, through?: number) => {
    const out: RecordedEvent[] = [];
    for await (const batch of exportLog(store, { after, through, batchSize: 4 })) out.push(...batch);
    return out;
  };

  it.each([true, false])('every event exactly once across pages, even with appends between pages (contiguous positions: %s)', async (contiguousPositions) => {
    await append(23);
    const seen: number[] = [];
    let from = 0;
    for (let pages = 0; pages < 50; pages += 1) {
      const page = await planExportPage(store, { contiguousPositions }, from, 5);
      const events = await collect(page.after, page.through);
      expect(events.length).toBeLessThanOrEqual(5);
      seen.push(...events.map((event) => event.position));
      if (pages === 1) await append(4);
      if (!page.more) break;
      from = page.through;
    }
    expect(seen).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
  });

  it('a page past the head is empty and says there is no more', async () => {
    await append(3);
    for (const contiguousPositions of [true, false]) {
      expect(await planExportPage(store, { contiguousPositions }, 3, 10)).toEqual({ after: 3, through: 3, more: false });
      expect(await planExportPage(store, { contiguousPositions }, 50, 10)).toMatchObject({ through: 50, more: false });
    }
    expect(await collect(3, 3)).toEqual([]);
  });

  it('without a bound it reads to the head; each line is the stored event as JSON, hashes included', async () => {
    await append(9);
    const events = await collect(2);
    expect(events.map((event) => event.position)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(JSON.parse(ndjsonLine(events[0]))).toEqual(events[0]);
    expect(Object.keys(JSON.parse(ndjsonLine(events[0]))).sort()).toEqual(
      ['data', 'hash', 'id', 'metadata', 'position', 'prevHash', 'revision', 'schemaVersion', 'stream', 'type'],
    );
  });
});
