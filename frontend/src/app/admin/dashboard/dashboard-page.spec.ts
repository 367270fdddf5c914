import { SESSION_INFO, health } from '../testing/admin.fixture';
import { clearOverlays, createAdminHarness, type AdminHarness } from '../testing/admin-harness';
import { healthProblems } from './health-problems';

describe('Admin overview (ADM-5)', () => {
  let t: AdminHarness;

  beforeEach(async () => {
    t = await createAdminHarness();
  });

  afterEach(() => {
    t.backend.verify({ ignoreCancelled: true });
    clearOverlays();
  });

  async function open(body = health()): Promise<void> {
    void t.harness.navigateByUrl('/admin');
    (await t.request('/admin/session')).flush(SESSION_INFO);
    (await t.request('/admin/health')).flush(body);
    await t.until(() => !!t.root().querySelector('gg-admin-banner'), 'the health');
  }

  it('shows the ok banner and every part of the health answer', async () => {
    await open();
    const root = t.root();
    expect(root.querySelector('gg-admin-banner')?.textContent).toContain('All systems healthy');
    expect(root.textContent).toContain('sqlite');
    expect(root.querySelector('#card-store')?.parentElement?.textContent).toContain('120');
    expect(root.querySelector('#card-store')?.parentElement?.textContent).toContain('100');
    expect(root.textContent).toContain('task-status');
    expect(root.textContent).toContain('gpu-dispatch');
    expect(root.textContent).toContain('/data/results');
    expect(root.textContent).toContain('1 of 1 ready');
    expect(root.textContent).toContain('No parked events');
    expect(root.querySelector('nav[aria-label="Admin"] a[aria-current="page"]')?.textContent).toContain('Overview');
  });

  it('lists what needs attention, parked events included, with a link to the task', async () => {
    await open(
      health({
        ok: false,
        accounts: { total: 1, ready: 0, by_status: { failed: 1 } },
        processes: {
          managers: [{ name: 'gpu-dispatch', position: 120, lag: 0, running: true, parked: 1 }],
          parked_events: [{ id: 'p1', consumer: 'gpu-dispatch', position: 99, eventId: 'e99', eventType: 'TaskSubmitted', stream: 'task-abc', attempts: 5, error: 'worker exploded', parkedAt: '2026-11-27T09:00:00Z' }],
          deadlines: { scheduled: 0, parked: 0 },
        },
      }),
    );
    const banner = t.root().querySelector('gg-admin-banner')!;
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain('No worker account is ready');
    expect(banner.textContent).toContain('One event is parked');
    expect(t.root().querySelector('.parked-item')?.textContent).toContain('worker exploded');
    expect(t.root().querySelector('.parked-item a')?.getAttribute('href')).toBe('/admin/tasks/abc');
  });

  it('refreshes on demand', async () => {
    await open();
    t.button('Refresh').click();
    (await t.request('/admin/health')).flush(health({ ok: false, blob_store: { ok: false, path: '/data/results', blobs: null } }));
    await t.until(() => t.root().textContent!.includes('Needs attention'), 'the new answer');
    expect(t.root().textContent).toContain('The blob store at /data/results is not usable.');
  });
});

describe('healthProblems', () => {
  it('names a parked projection and a missing event store', () => {
    const problems = healthProblems(
      health({
        ok: false,
        event_store: { kind: 'sqlite', ok: false, error: 'disk I/O error', last_seal_through: null },
        read_models: { kind: 'sqlite', projections: [{ name: 'gallery', version: 2, position: 5, lag: 9, state: 'parked', error: 'boom' }] },
      }),
    );
    expect(problems).toEqual(['The event store is not answering: disk I/O error', 'Projection gallery is parked: boom']);
  });
});
