import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteEventStore } from './sqlite-event-store.js';
import { verifyLog } from './log-verifier.js';
import type { RecordedEvent } from './event-store.port.js';

const ROOT = resolve(process.cwd());
const CYCLES = Number(process.env.CRASH_CYCLES ?? 50);

/** Runs the appending child until a random moment, then SIGKILLs it; returns the ids it acknowledged. */
function crashOnce(filename: string, cycle: number, killAfterMs: number): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'backend/src/platform/testing/crash-append.child.mjs'), filename, join(ROOT, 'dist'), String(cycle)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      else if (line.startsWith('ack ')) acknowledged.push(...line.slice(4).split(' '));
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended without being killed: ${stderr}`));
      else resolvePromise(acknowledged);
    });
  });
}

describe('Crash safety of the SQLite event store (no acknowledged event lost)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gg-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`survives ${CYCLES} SIGKILLs at random moments: nothing acknowledged is missing or duplicated, positions have no gap, the chain verifies`, async () => {
    const filename = join(dir, 'events.sqlite');
    const acknowledged: string[] = [];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      acknowledged.push(...(await crashOnce(filename, cycle, Math.floor(random() * 80))));
    }
    const store = new SqliteEventStore({ filename });
    try {
      const all: RecordedEvent[] = [];
      for (let after = 0; ; ) {
        const batch = await store.readAll({ after, maxCount: 5000 });
        if (batch.length === 0) break;
        all.push(...batch);
        after = batch[batch.length - 1].position;
      }
      const stored = new Map(all.map((event) => [event.id, event]));
      expect(acknowledged.length).toBeGreaterThan(CYCLES);
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      expect(stored.size).toBe(all.length);
      expect(all.map((event) => event.position)).toEqual(all.map((_, index) => index + 1));
      // At most one append per cycle may be stored without its acknowledgement having been read.
      expect(all.filter((e) => e.type === 'Appended').length - acknowledged.length).toBeLessThanOrEqual(CYCLES * 3);
      const report = await verifyLog(store, { contiguousPositions: true });
      expect(report.firstBadEvent).toBeNull();
      expect(report.ok).toBe(true);
    } finally {
      await store.close();
    }
  }, 180_000);
});
