import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from './cli.runner.js';
import type { RecordedEvent } from './platform/event-store/event-store.port.js';
import { TEST_ADMIN_KEY, TEST_API_KEY, TEST_ENCRYPTION_KEY, startTestApp, waitForStatus } from './testing/test-app.js';

/** `npm run gg -- …` against a data directory a server has written (AUD-3, AUD-4, SC-7). */
describe('gg CLI on a real data directory', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let events: RecordedEvent[];

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, env, { out: (line) => out.push(line), err: (line) => err.push(line) });
    return { code, out: out.join('\n'), err: err.join('\n'), lines: out };
  };

  beforeAll(async () => {
    const app = await startTestApp({ simulators: [{}] });
    for (const prompt of ['cli one', 'cli two']) {
      const response = await app.http('/generate', { method: 'POST', json: { model: 'flux', mode: 'txt2img', prompt, width: 256, height: 256, steps: 10 } });
      const { task_id: taskId } = (await response.json()) as { task_id: string };
      await waitForStatus(app, taskId, (status) => status.status === 'done');
    }
    dataDir = app.dataDir;
    await app.close({ keepData: true });
    env = { NODE_ENV: 'test', DATA_DIR: dataDir, ADMIN_KEY: TEST_ADMIN_KEY, API_KEY: TEST_API_KEY, ENCRYPTION_KEY: TEST_ENCRYPTION_KEY };
    const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    events = (db.prepare('SELECT position, type FROM events ORDER BY position').all() as RecordedEvent[]);
    db.close();
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('AUD-3: events verify exits 0 on the untouched log, with the report on stdout', async () => {
    const result = await run('events', 'verify');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ ok: true, firstBadEvent: null, eventsChecked: events.length, sealsChecked: 1 });
  });

  it('AUD-4: events export writes one JSON event per line, every event once, from --from on', async () => {
    const all = await run('events', 'export');
    expect(all.code).toBe(0);
    const parsed = all.lines.map((line) => JSON.parse(line) as RecordedEvent);
    expect(parsed.map((event) => [event.position, event.type])).toEqual(events.map((event) => [event.position, event.type]));
    expect(parsed[0]).toEqual(expect.objectContaining({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), metadata: expect.objectContaining({ correlationId: expect.any(String) }) }));

    const tail = await run('events', 'export', '--from', '5');
    expect(tail.lines.map((line) => (JSON.parse(line) as RecordedEvent).position)).toEqual(events.slice(5).map((event) => event.position));

    const file = join(dataDir, 'export.ndjson');
    const toFile = await run('events', 'export', '--out', file);
    expect([toFile.code, toFile.out, toFile.err]).toEqual([0, '', `exported ${events.length} events to ${file}`]);
    expect(readFileSync(file, 'utf8')).toBe(`${all.lines.join('\n')}\n`);
  });

  it('SC-7: projections rebuild --verify exits 0: scratch rebuilds equal the live read models', async () => {
    const result = await run('projections', 'rebuild', '--verify');
    expect(result.code).toBe(0);
    const results = JSON.parse(result.out) as { projector: string; rows: number; differences: unknown[] }[];
    expect(results.map((entry) => entry.projector)).toEqual(expect.arrayContaining(['task-status', 'gallery', 'task-deadlines']));
    expect(results.every((entry) => entry.differences.length === 0)).toBe(true);
    expect(results.find((entry) => entry.projector === 'task-status')!.rows).toBe(2);
  });

  it('AUD-4: projections rebuild replays in place to the head, and still verifies after', async () => {
    const result = await run('projections', 'rebuild', '--name', 'task-status');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'task-status', lag: 0 })]));
    expect((await run('projections', 'rebuild', '--verify', '--name', 'task-status')).code).toBe(0);
    const unknown = await run('projections', 'rebuild', '--name', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('No projection is named nope');
  });

  it('AUD-3: after a row is edited in the SQLite file, events verify exits 1 naming the edited event', async () => {
    const target = events.find((event) => event.type === 'TaskCompleted')!;
    const db = new Database(join(dataDir, 'events.sqlite'));
    db.exec('DROP TRIGGER events_no_update');
    const { data } = db.prepare('SELECT data FROM events WHERE position = ?').get(target.position) as { data: string };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(data.replace('"task_id"', '"task_id_"'), target.position);
    db.close();

    const result = await run('events', 'verify');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({ ok: false, firstBadEvent: { position: target.position, reason: expect.stringContaining('edited') } });
    expect(result.err).toBe(`Tampering detected at position ${target.position}: content does not match its hash (edited event)`);
  });
});
