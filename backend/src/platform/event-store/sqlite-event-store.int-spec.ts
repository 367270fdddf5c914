import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from './event-store.contract.js';
import { SqliteEventStore } from './sqlite-event-store.js';
import { testEvent } from '../testing/event-factory.js';

function openSqlite() {
  const dir = mkdtempSync(join(tmpdir(), 'gg-es-'));
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
  const db = store.database;
  const unlock = () => db.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
  return {
    store,
    contiguousPositions: true,
    tamper: {
      async editData(position: number, data: unknown) {
        unlock();
        db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify(data), position);
      },
      async deleteEvent(position: number) {
        unlock();
        db.prepare('DELETE FROM events WHERE position = ?').run(position);
      },
      async swapPositions(a: number, b: number) {
        unlock();
        db.transaction(() => {
          db.prepare('UPDATE events SET position = -1 WHERE position = ?').run(a);
          db.prepare('UPDATE events SET position = ? WHERE position = ?').run(a, b);
          db.prepare('UPDATE events SET position = ? WHERE position = -1').run(b);
        })();
      },
    },
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeEventStoreContract('sqlite', async () => openSqlite());

describe('SqliteEventStore specifics', () => {
  it('reads back WAL and synchronous=FULL at open (an acknowledged append survives power loss)', async () => {
    const subject = openSqlite();
    try {
      expect(subject.store.database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(subject.store.database.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      await subject.cleanup();
    }
  });

  it('refuses to edit or delete a stored event through SQL', async () => {
    const subject = openSqlite();
    try {
      await subject.store.append('s-1', [testEvent('A', {})], { expectedRevision: 'any' });
      expect(() => subject.store.database.prepare("UPDATE events SET data = '{}'").run()).toThrow(/immutable/);
      expect(() => subject.store.database.prepare('DELETE FROM events').run()).toThrow(/immutable/);
    } finally {
      await subject.cleanup();
    }
  });

  it('sees appends made through a second connection (another process) by polling', async () => {
    const subject = openSqlite();
    const other = new SqliteEventStore({ filename: subject.store.database.name });
    try {
      const seen: string[] = [];
      const subscription = subject.store.subscribe(async (events) => void seen.push(...events.map((e) => e.type)), { after: 0 });
      await subscription.caughtUp;
      await other.append('s-2', [testEvent('FromElsewhere', {})], { expectedRevision: 'any' });
      const started = Date.now();
      while (seen.length === 0 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 10));
      await subscription.stop();
      expect(seen).toEqual(['FromElsewhere']);
    } finally {
      await other.close();
      await subject.cleanup();
    }
  });
});
