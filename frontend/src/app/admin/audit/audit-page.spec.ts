import { HttpParams } from '@angular/common/http';

import { auditParams } from '../shared/admin-api';
import { SESSION_INFO, auditEntry } from '../testing/admin.fixture';
import { clearOverlays, createAdminHarness, type AdminHarness } from '../testing/admin-harness';
import { auditQuery, filtersFrom, fromLocalInput, toLocalInput } from './audit-filters';

describe('Audit page (AUD-2, AUD-3)', () => {
  let t: AdminHarness;

  beforeEach(async () => {
    t = await createAdminHarness();
  });

  afterEach(() => {
    t.backend.verify({ ignoreCancelled: true });
    clearOverlays();
  });

  async function open(url: string, apiUrl: string, entries = [auditEntry(3), auditEntry(2)], next: string | null = null): Promise<void> {
    void t.harness.navigateByUrl(url);
    (await t.request('/admin/session')).flush(SESSION_INFO);
    (await t.request(apiUrl)).flush({ entries, next_cursor: next });
    await t.until(() => !!t.root().querySelector('table, gg-empty-state'), 'the entries');
  }

  function input(name: string): HTMLInputElement {
    return t.root().querySelector<HTMLInputElement>(`[formControlName="${name}"]`)!;
  }

  it('lists entries newest first with time, actor, source, action, target, outcome and correlation id', async () => {
    await open('/admin/audit', '/admin/audit?limit=50', [auditEntry(3, { outcome: 'denied', actor: 'anonymous', action: 'admin_session_create', count: 4 }), auditEntry(2)]);
    const rows = Array.from(t.root().querySelectorAll('tr.entry'));
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('anonymous');
    expect(rows[0]?.textContent).toContain('127.0.0.1');
    expect(rows[0]?.textContent).toContain('admin_session_create');
    expect(rows[0]?.textContent).toContain('/admin/accounts');
    expect(rows[0]?.textContent).toContain('Denied');
    expect(rows[0]?.textContent).toContain('× 4');
    expect(rows[0]?.textContent).toContain('corr-3');
    expect(rows[1]?.textContent).toContain('admin:3d6e1155…');

    t.button('Details', rows[0]!).click();
    await t.settle();
    const detail = t.root().querySelector('#audit-3')!;
    expect(detail.textContent).toContain('AdminRouteAccessed · event-3');
    expect(detail.querySelector('pre')?.textContent).toContain('"reason": "ok"');
  });

  it('builds the query from the filters and keeps them in the URL', async () => {
    await open('/admin/audit', '/admin/audit?limit=50');
    t.type(input('actor'), ' anonymous ');
    t.type(input('action'), 'admin_session_create');
    t.type(input('from'), '2026-11-27T08:00');
    t.root().querySelector('form.filters')!.dispatchEvent(new Event('submit'));
    const from = new Date('2026-11-27T08:00').toISOString();

    (await t.request(`/admin/audit?actor=anonymous&action=admin_session_create&from=${from}&limit=50`)).flush({ entries: [], next_cursor: null });
    await t.until(() => t.root().textContent!.includes('No entry matches these filters'), 'the empty result');
    expect(t.router.url).toContain('actor=anonymous');
    expect(t.router.url).toContain('action=admin_session_create');

    t.button('Clear filters').click();
    (await t.request('/admin/audit?limit=50')).flush({ entries: [auditEntry(1)], next_cursor: null });
    await t.until(() => t.router.url === '/admin/audit', 'the filters to clear');
  });

  it('filters by a clicked actor and reads filters from the URL on load', async () => {
    await open('/admin/audit?outcome=denied', '/admin/audit?outcome=denied&limit=50', [auditEntry(5, { outcome: 'denied', actor: 'anonymous' })]);
    expect(t.root().querySelector('mat-select')?.textContent).toContain('Denied');
    t.button('Show only actor anonymous').click();
    (await t.request('/admin/audit?actor=anonymous&outcome=denied&limit=50')).flush({ entries: [], next_cursor: null });
    await t.settle();
  });

  it('pages to older entries with the cursor and back to newer ones', async () => {
    await open('/admin/audit?action=read_audit', '/admin/audit?action=read_audit&limit=50', [auditEntry(90)], '90');
    expect(t.button('Newer').disabled).toBe(true);

    t.button('Older').click();
    (await t.request('/admin/audit?action=read_audit&cursor=90&limit=50')).flush({ entries: [auditEntry(40)], next_cursor: '40' });
    await t.until(() => !t.button('Newer').disabled, 'the second page');
    t.button('Older').click();
    (await t.request('/admin/audit?action=read_audit&cursor=40&limit=50')).flush({ entries: [auditEntry(10)], next_cursor: null });
    await t.until(() => t.button('Older').disabled, 'the last page');

    t.button('Newer').click();
    (await t.request('/admin/audit?action=read_audit&cursor=90&limit=50')).flush({ entries: [auditEntry(40)], next_cursor: '40' });
    await t.settle();
    t.button('Newer').click();
    (await t.request('/admin/audit?action=read_audit&limit=50')).flush({ entries: [auditEntry(90)], next_cursor: '90' });
    await t.until(() => t.button('Newer').disabled, 'the first page');
  });

  it('AUD-3: "Verify chain" says the log is intact', async () => {
    await open('/admin/audit', '/admin/audit?limit=50');
    t.button('Verify chain').click();
    (await t.request('/admin/audit/verify')).flush({ ok: true, eventsChecked: 1234, streamsChecked: 56, sealsChecked: 3, unsealedEvents: 7, headPosition: 1234, firstBadEvent: null });
    await t.until(() => !!t.root().querySelector('gg-verify-panel gg-admin-banner'), 'the verdict');
    const banner = t.root().querySelector('gg-verify-panel gg-admin-banner')!;
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toContain('The event log is intact');
    expect(banner.textContent).toContain('1,234 events in 56 streams and 3 seals');
    expect(banner.textContent).toContain('7 event(s) after the last seal');
  });

  it('AUD-3: names the first bad event prominently', async () => {
    await open('/admin/audit', '/admin/audit?limit=50');
    t.button('Verify chain').click();
    (await t.request('/admin/audit/verify')).flush({
      ok: false, eventsChecked: 40, streamsChecked: 5, sealsChecked: 1, unsealedEvents: 0, headPosition: 40,
      firstBadEvent: { position: 17, eventId: 'ev-17', stream: 'task-abc', revision: 2, reason: 'hash does not match the event content' },
    });
    await t.until(() => !!t.root().querySelector('gg-verify-panel gg-admin-banner'), 'the verdict');
    const banner = t.root().querySelector('gg-verify-panel gg-admin-banner')!;
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.classList).toContain('tone-danger');
    expect(banner.textContent).toContain('The event log does not verify');
    expect(banner.textContent).toContain('position 17');
    expect(banner.textContent).toContain('task-abc');
    expect(banner.textContent).toContain('revision 2');
    expect(banner.textContent).toContain('hash does not match the event content');
    expect(banner.querySelector('a')?.getAttribute('href')).toBe('/admin/tasks/abc');
  });

  it('AUD-4: the task search opens a timeline', async () => {
    await open('/admin/audit', '/admin/audit?limit=50');
    const search = t.root().querySelector('gg-task-search')!;
    t.type(search.querySelector('input')!, ' task-1234 ');
    search.querySelector('form')!.dispatchEvent(new Event('submit'));
    (await t.request('/admin/tasks/1234/events')).flush({ stream: 'task-1234', aggregate: 'task', through: 3, events: [], state: null });
    await t.until(() => t.router.url === '/admin/tasks/1234', 'the timeline');
  });
});

describe('audit query building', () => {
  it('leaves empty filters out and always asks for one page', () => {
    const filters = filtersFrom({ actor: 'admin:1', outcome: '', to: '2026-11-28T00:00:00.000Z' });
    expect(auditQuery(filters)).toEqual({ actor: 'admin:1', to: '2026-11-28T00:00:00.000Z', limit: 50 });
    expect(auditQuery(filters, '77')).toEqual({ actor: 'admin:1', to: '2026-11-28T00:00:00.000Z', cursor: '77', limit: 50 });
    const params: HttpParams = auditParams(auditQuery(filters, '77'));
    expect(params.toString()).toBe('actor=admin:1&to=2026-11-28T00:00:00.000Z&cursor=77&limit=50');
  });

  it('turns datetime-local values into ISO times and back', () => {
    const iso = fromLocalInput('2026-11-27T08:30');
    expect(iso).toBe(new Date('2026-11-27T08:30').toISOString());
    expect(toLocalInput(iso)).toBe('2026-11-27T08:30');
    expect(fromLocalInput('')).toBe('');
    expect(fromLocalInput('nonsense')).toBe('');
  });
});
