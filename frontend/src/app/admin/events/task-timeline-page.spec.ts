import { SESSION_INFO } from '../testing/admin.fixture';
import { clearOverlays, createAdminHarness, type AdminHarness } from '../testing/admin-harness';

const META = { correlationId: 'corr-1', causationId: null, actor: 'session:s1', source: '127.0.0.1', timestamp: '2026-11-27T09:00:00.000Z' };

describe('Task timeline (AUD-4)', () => {
  let t: AdminHarness;

  beforeEach(async () => {
    t = await createAdminHarness();
  });

  afterEach(() => {
    t.backend.verify({ ignoreCancelled: true });
    clearOverlays();
  });

  async function signedIn(url: string): Promise<void> {
    void t.harness.navigateByUrl(url);
    (await t.request('/admin/session')).flush(SESSION_INFO);
  }

  it('shows each event with position, type, time, actor, correlation id, data and the state after it', async () => {
    await signedIn('/admin/tasks/abc');
    (await t.request('/admin/tasks/abc/events')).flush({
      stream: 'task-abc',
      aggregate: 'task',
      through: 42,
      state: { status: 'done' },
      events: [
        { id: 'e1', revision: 0, position: 40, type: 'TaskSubmitted', schemaVersion: 1, data: { prompt: 'a cat' }, metadata: META, prevHash: '', hash: 'h1', state: { status: 'pending' } },
        { id: 'e2', revision: 1, position: 42, type: 'TaskCompleted', schemaVersion: 1, data: { ok: true }, metadata: { ...META, actor: 'process:job-follower', causationId: 'e1' }, prevHash: 'h1', hash: 'h2', state: { status: 'done' } },
      ],
    });
    await t.until(() => !!t.root().querySelector('ol.timeline'), 'the timeline');

    const events = Array.from(t.root().querySelectorAll('li.event'));
    expect(events).toHaveLength(2);
    expect(events[0]?.textContent).toContain('#40');
    expect(events[0]?.textContent).toContain('TaskSubmitted');
    expect(events[0]?.textContent).toContain('session:s1');
    expect(events[0]?.textContent).toContain('corr-1');
    expect(events[1]?.textContent).toContain('Caused by');
    // Data and state are collapsed until asked for.
    expect(events[0]?.querySelector('pre')).toBeNull();
    const [data, state] = Array.from(events[0]!.querySelectorAll('details'));
    data!.open = true;
    data!.dispatchEvent(new Event('toggle'));
    state!.open = true;
    state!.dispatchEvent(new Event('toggle'));
    await t.settle();
    const pres = Array.from(events[0]!.querySelectorAll('pre')).map((p) => p.textContent);
    expect(pres[0]).toContain('"prompt": "a cat"');
    expect(pres[1]).toContain('"status": "pending"');
  });

  it('says so when the task does not exist', async () => {
    await signedIn('/admin/tasks/nope');
    (await t.request('/admin/tasks/nope/events')).flush(
      { code: 'stream_not_found', detail: 'No stream is named task-nope.', user_action: 'Check the stream name.' },
      { status: 404, statusText: 'Not Found' },
    );
    await t.until(() => !!t.root().querySelector('gg-empty-state'), 'the empty state');
    expect(t.root().textContent).toContain('No task with this id');
  });

  it('asks for a task id on /admin/tasks', async () => {
    await signedIn('/admin/tasks');
    await t.until(() => !!t.root().querySelector('gg-empty-state'), 'the prompt');
    expect(t.root().textContent).toContain('Choose a task');
    expect(t.backend.match(() => true)).toHaveLength(0);
  });
});
