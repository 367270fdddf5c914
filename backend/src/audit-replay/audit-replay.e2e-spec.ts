import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ndjsonLine } from '../platform/event-store/log-export.js';
import type { RecordedEvent } from '../platform/event-store/event-store.port.js';
import { SIMULATOR_TOKEN, TEST_ADMIN_KEY, TEST_API_KEY, TEST_ENCRYPTION_KEY, startTestApp, waitForStatus, type TestApp } from '../testing/test-app.js';
import { adminSession, type AdminClient } from './testing/admin-session.js';

type Json = Record<string, any>;

describe('Auditor routes over HTTP (AUD-3, AUD-4, SC-7)', () => {
  let app: TestApp;
  let admin: AdminClient;
  const taskIds: string[] = [];
  let deletedId: string;
  const answers: string[] = [];

  const submit = async (prompt: string) => {
    const response = await app.http('/generate', { method: 'POST', json: { model: 'flux', mode: 'txt2img', prompt, width: 256, height: 256, steps: 15 } });
    expect(response.status).toBe(200);
    const { task_id: taskId } = (await response.json()) as { task_id: string };
    await waitForStatus(app, taskId, (status) => status.status === 'done');
    return taskId;
  };
  /** Every auditor answer is kept, to check at the end that none carries a secret (AUD-5). */
  const get = async (path: string) => {
    const response = await admin.http(path);
    const text = await response.text();
    answers.push(text);
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as Json };
  };
  const post = async (path: string, json: unknown) => {
    const response = await admin.http(path, { method: 'POST', json });
    const text = await response.text();
    answers.push(text);
    return { status: response.status, json: JSON.parse(text) as Json };
  };

  beforeAll(async () => {
    app = await startTestApp({ simulators: [{}] });
    admin = await adminSession(app);
    taskIds.push(await submit('first audited task'), await submit('second audited task'));
    deletedId = await submit('deleted audited task');
    expect((await app.http(`/gallery/${deletedId}`, { method: 'DELETE' })).status).toBe(200);
    await app.runtime.sealer.seal();
  }, 60_000);
  afterAll(() => app.close());

  it('AUTH-4, AUTH-5: every auditor route refuses a caller without an admin session (an API key is not one)', async () => {
    const routes: [string, string][] = [
      ['GET', '/admin/audit/verify'],
      ['GET', `/admin/tasks/${taskIds[0]}/events`],
      ['GET', `/admin/streams/task-${taskIds[0]}`],
      ['GET', '/admin/events'],
      ['POST', '/admin/projections/rebuild'],
    ];
    for (const [method, path] of routes) {
      for (const auth of [false, true]) {
        const response = await app.http(path, { method, auth, ...(method === 'POST' ? { json: { verify: true } } : {}) });
        const body = (await response.json()) as Json;
        expect([method, path, auth, response.status, body.code]).toEqual([method, path, auth, 401, 'admin_session_required']);
      }
    }
  });

  it('AUD-4: a task timeline has every event from TaskSubmitted to TaskCompleted, with metadata, hashes and the state after each', async () => {
    const { status, json } = await get(`/admin/tasks/${taskIds[0]}/events`);
    expect(status).toBe(200);
    const body = json();
    expect(body).toMatchObject({ stream: `task-${taskIds[0]}`, aggregate: 'task' });
    const types = body.events.map((event: Json) => event.type);
    expect(types[0]).toBe('TaskSubmitted');
    expect(types.at(-1)).toBe('TaskCompleted');
    expect(types).toEqual(expect.arrayContaining(['TaskDispatched', 'TaskStarted']));

    const stored = await app.store.readStream(`task-${taskIds[0]}`);
    expect(body.events.map((event: Json) => [event.position, event.revision, event.hash])).toEqual(stored.map((event) => [event.position, event.revision, event.hash]));
    for (const event of body.events) {
      expect(Object.keys(event.metadata).sort()).toEqual(['actor', 'causationId', 'correlationId', 'source', 'timestamp']);
      expect(event.metadata).toMatchObject({ correlationId: expect.any(String), actor: expect.any(String), timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
      expect(event.data.task_id).toBe(taskIds[0]);
    }
    expect(body.events[0].state).toMatchObject({ status: 'pending', stage: 'queued', progress: 0 });
    expect(body.events.at(-1).state).toMatchObject({ status: 'done', progress: 100, stage: 'done', deleted: false });
    expect(body.state).toEqual(body.events.at(-1).state);
    const progress = body.events.map((event: Json) => event.state.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('AUD-4, GAL-2: a deleted task answers 404 on /status but its timeline stays, ending with TaskOutputDeleted', async () => {
    expect((await app.http(`/status/${deletedId}`)).status).toBe(404);
    const { status, json } = await get(`/admin/tasks/${deletedId}/events`);
    expect(status).toBe(200);
    expect(json().events.at(-1)).toMatchObject({ type: 'TaskOutputDeleted', state: { status: 'done', deleted: true, result: null } });
  });

  it('AUD-4: an unknown task is 404 stream_not_found in the SEC-4 shape', async () => {
    const { status, json } = await get('/admin/tasks/no-such-task/events');
    expect(status).toBe(404);
    expect(json()).toEqual({ code: 'stream_not_found', detail: expect.any(String), user_action: expect.any(String) });
  });

  it('AUD-4: a stream as of a position mid-way shows the events up to it and the intermediate state', async () => {
    const stream = `task-${taskIds[1]}`;
    const events = await app.store.readStream(stream);
    const dispatched = events.find((event) => event.type === 'TaskDispatched')!;
    const { status, json } = await get(`/admin/streams/${stream}?at=${dispatched.position}`);
    expect(status).toBe(200);
    const body = json();
    expect(body.at).toEqual({ position: dispatched.position });
    expect(body.through).toBe(dispatched.position);
    expect(body.events.map((event: Json) => event.type)).toEqual(events.filter((event) => event.position <= dispatched.position).map((event) => event.type));
    expect(body.state).toMatchObject({ status: 'pending', stage: 'dispatched', dispatch: { accountId: 'sim-1' }, result: null });

    const now = (await get(`/admin/streams/${stream}`)).json();
    expect(now).toMatchObject({ at: null, through: events.at(-1)!.position, state: { status: 'done' } });
    expect(now.events).toHaveLength(events.length);
  });

  it('AUD-4: a stream as of a time takes the events recorded up to then', async () => {
    const stream = `task-${taskIds[1]}`;
    const [submitted] = await app.store.readStream(stream);
    const body = (await get(`/admin/streams/${stream}?at=${encodeURIComponent(submitted.metadata.timestamp)}`)).json();
    expect(body.at).toEqual({ time: submitted.metadata.timestamp });
    expect(body.events.map((event: Json) => event.type)[0]).toBe('TaskSubmitted');
    expect(body.events.every((event: Json) => event.metadata.timestamp <= submitted.metadata.timestamp)).toBe(true);
    expect(body.state).toMatchObject({ status: 'pending' });
    const before = (await get(`/admin/streams/${stream}?at=2000-01-01T00:00:00Z`)).json();
    expect(before).toMatchObject({ events: [], through: 0, state: { status: 'none' } });
  });

  it('AUD-4: a position before the stream existed is an empty answer with 200; a bad `at` is 422 validation_error', async () => {
    const stream = `task-${taskIds[1]}`;
    const early = await get(`/admin/streams/${stream}?at=0`);
    expect(early.status).toBe(200);
    expect(early.json()).toMatchObject({ stream, events: [], through: 0, state: { status: 'none' } });
    for (const at of ['yesterday', '-3', '2026-13-45T99:00:00Z', '2026-01-01T10:00:00']) {
      const bad = await get(`/admin/streams/${stream}?at=${encodeURIComponent(at)}`);
      expect([at, bad.status, bad.json().code]).toEqual([at, 422, 'validation_error']);
    }
    expect((await get('/admin/streams/task-nobody')).status).toBe(404);
  });

  it('AUD-4: streams without a known decider answer with their events only', async () => {
    const { status, json } = await get(`/admin/streams/${encodeURIComponent('$seals')}`);
    expect(status).toBe(200);
    expect(json()).toMatchObject({ stream: '$seals', aggregate: null, state: null });
    expect(json().events[0]).toMatchObject({ type: 'LogSealed', data: { previousThrough: 0 } });
  });

  it('AUD-4: the NDJSON export returns every event exactly once across pages, in the CLI format', async () => {
    const all = await app.events();
    const lines: string[] = [];
    let from = 0;
    for (let pages = 0; pages < 1000; pages += 1) {
      const page = await get(`/admin/events?from=${from}&limit=7`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const body = page.text.split('\n').filter(Boolean);
      expect(body.length).toBeLessThanOrEqual(7);
      lines.push(...body);
      const next = Number(page.headers.get('x-next-from'));
      if (!page.headers.get('link')) break;
      expect(page.headers.get('link')).toBe(`</admin/events?from=${next}&limit=7>; rel="next"`);
      from = next;
    }
    const exported = lines.map((line) => JSON.parse(line) as RecordedEvent).filter((event) => event.position <= all.at(-1)!.position);
    expect(exported.map((event) => event.position)).toEqual(all.map((event) => event.position));
    expect(lines.slice(0, all.length)).toEqual(all.map(ndjsonLine));
  });

  it('AUD-4: the export defaults to 10,000 events, refuses a limit over 100,000 and a bad `from` with 422', async () => {
    const all = await app.events();
    const whole = await get('/admin/events');
    expect(whole.text.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(all.length);
    expect(whole.headers.get('link')).toBeNull();
    for (const query of ['limit=100001', 'limit=0', 'from=-1', 'from=abc']) {
      const bad = await get(`/admin/events?${query}`);
      expect([query, bad.status, bad.json().code]).toEqual([query, 422, 'validation_error']);
    }
  });

  it('AUD-3: the log verifies: chains, positions and seals', async () => {
    const { status, json } = await get('/admin/audit/verify');
    expect(status).toBe(200);
    expect(json()).toMatchObject({ ok: true, firstBadEvent: null, sealsChecked: 1 });
    expect(json().eventsChecked).toBeGreaterThan(10);
  });

  it('SC-7: rebuilding every projection into scratch tables reproduces the live read models', async () => {
    const { status, json } = await post('/admin/projections/rebuild', { verify: true });
    expect(status).toBe(200);
    expect(json.ok).toBe(true);
    expect(json.results.map((result: Json) => result.projector)).toEqual(expect.arrayContaining(['task-status', 'gallery', 'task-deadlines']));
    for (const result of json.results) expect(result.differences).toEqual([]);
    expect(json.results.find((result: Json) => result.projector === 'task-status').rows).toBe(3);
  });

  it('AUD-4: an in-place rebuild answers 202 and leaves GET /status and the gallery answering as before', async () => {
    const before = await Promise.all(taskIds.map(async (id) => (await app.http(`/status/${id}`)).json()));
    const gallery = await (await app.http('/gallery')).json();
    const { status, json } = await post('/admin/projections/rebuild', {});
    expect(status).toBe(202);
    expect(json.rebuilding).toEqual(expect.arrayContaining(['task-status', 'gallery']));
    expect(json.projections[0]).toEqual(expect.objectContaining({ name: expect.any(String), position: expect.any(Number), lag: expect.any(Number), state: 'running' }));
    await app.runtime.projections.waitFor(await app.store.headPosition(), { timeoutMs: 10_000 });
    expect(await Promise.all(taskIds.map(async (id) => (await app.http(`/status/${id}`)).json()))).toEqual(before);
    expect(await (await app.http('/gallery')).json()).toEqual(gallery);
    expect((await app.http(`/status/${deletedId}`)).status).toBe(404);
  });

  it('AUD-4: rebuild requests are validated: an unknown projection is 404, a bad body 422', async () => {
    await waitUntilIdle(admin);
    expect(await post('/admin/projections/rebuild', { name: 'nope' })).toMatchObject({ status: 404, json: { code: 'projection_not_found' } });
    expect(await post('/admin/projections/rebuild', { verify: 'yes' })).toMatchObject({ status: 422, json: { code: 'validation_error' } });
    expect(await post('/admin/projections/rebuild', { force: true })).toMatchObject({ status: 422, json: { code: 'validation_error' } });
    expect(await post('/admin/projections/rebuild', { verify: true, name: 'gallery' })).toMatchObject({ status: 200, json: { ok: true, results: [{ projector: 'gallery' }] } });
  });

  it('AUD-1: the audit trail names who verified the log and who verified or rebuilt the read models', async () => {
    const trail = async (action: string) => {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const { entries } = (await get(`/admin/audit?action=${action}`)).json() as { entries: Json[] };
        if (entries.length > 0) return entries;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no ${action} entry in the audit trail`);
    };
    const fields = { actor: expect.stringMatching(/^admin:/), source: expect.any(String), outcome: 'success', timestamp: expect.any(String), correlation_id: expect.any(String) };
    expect((await trail('audit_verify'))[0]).toMatchObject({ ...fields, target: '/admin/audit/verify' });
    expect(await trail('projections_verify')).toEqual(expect.arrayContaining([expect.objectContaining({ ...fields, target: 'all projections', details: expect.objectContaining({ verify: true, identical: true }) })]));
    expect(await trail('projections_rebuild')).toEqual(expect.arrayContaining([expect.objectContaining({ ...fields, target: 'all projections' })]));
  });

  it('AUD-3: after an event is edited in the SQLite file, verify names that event (200, it is a report)', async () => {
    const target = (await app.store.readStream(`task-${taskIds[0]}`))[0];
    const db = new Database(join(app.dataDir, 'events.sqlite'));
    try {
      db.exec('DROP TRIGGER events_no_update');
      const data = JSON.parse((db.prepare('SELECT data FROM events WHERE position = ?').get(target.position) as { data: string }).data);
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(JSON.stringify({ ...data, prompt: 'something else' }), target.position);
    } finally {
      db.close();
    }
    const { status, json } = await get('/admin/audit/verify');
    expect(status).toBe(200);
    expect(json()).toMatchObject({
      ok: false,
      firstBadEvent: { position: target.position, eventId: target.id, stream: `task-${taskIds[0]}`, revision: 0, reason: expect.stringContaining('edited') },
    });
  });

  it('AUD-5: no auditor answer carries a secret value', () => {
    expect(answers.length).toBeGreaterThan(20);
    for (const secret of [TEST_ADMIN_KEY, TEST_API_KEY, TEST_ENCRYPTION_KEY, SIMULATOR_TOKEN, ...admin.secrets]) {
      expect(answers.filter((answer) => answer.includes(secret))).toEqual([]);
    }
  });
});

/** The in-place rebuild holds the lock until its projectors reach the head; wait for that. */
async function waitUntilIdle(admin: AdminClient): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const response = await admin.http('/admin/projections/rebuild', { method: 'POST', json: { verify: true, name: 'task-deadlines' } });
    if (response.status !== 409) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('a projection rebuild was still running after 5 s');
}
