import { ManualClock } from '../platform/clock/clock.js';
import { SECURITY_ADMIN_KEY, startSecurityApp, type SecurityTestApp } from '../testing/security-test-app.js';

describe('AUD-1, AUD-2: the audit trail', () => {
  const clock = new ManualClock(new Date());
  let app: SecurityTestApp;
  let admin: string;
  beforeAll(async () => {
    app = await startSecurityApp({ clock });
    await app.request('POST', '/admin/session', { headers: { 'x-admin-key': 'wrong-key' }, ip: '203.0.113.66' });
    admin = await app.admin('203.0.113.10');
    await app.request('GET', '/admin/session', { cookie: admin, ip: '203.0.113.10' });
    const session = await app.session('203.0.113.11');
    await app.request('DELETE', '/auth/session', { cookie: session, ip: '203.0.113.11' });
    await app.request('GET', '/gallery', { headers: { 'x-api-key': 'nope' }, ip: '203.0.113.12' });
    await app.request('GET', '/health', { headers: { origin: 'https://evil.example' }, ip: '203.0.113.13' });
    clock.advance(60_000);
    await app.security.flush();
    await app.runtime.projections.waitFor(await app.store.headPosition());
  });
  afterAll(() => app.close());

  const audit = async (query = '') => {
    const answer = await app.request('GET', `/admin/audit${query}`, { cookie: admin });
    expect(answer.status).toBe(200);
    return answer.body as { entries: Record<string, any>[]; next_cursor: string | null };
  };

  it('SC-6: every entry carries actor, source, action, target, outcome, timestamp and correlation id', async () => {
    const { entries } = await audit('?limit=500');
    expect(entries.length).toBeGreaterThanOrEqual(7);
    for (const entry of entries) {
      for (const field of ['actor', 'source', 'action', 'target', 'outcome', 'timestamp', 'correlation_id']) expect(entry[field]).toBeTruthy();
    }
    const actions = entries.map((entry) => entry.action);
    for (const action of ['admin_session_create', 'admin_session_get', 'session_issue', 'session_revoke', 'GET /gallery', 'cors_request']) expect(actions).toContain(action);
  });

  it('AUD-1: a failed admin login is recorded with its source and outcome', async () => {
    const { entries } = await audit('?action=admin_session_create&outcome=denied');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ source: '203.0.113.66', actor: 'anonymous', details: { why: 'admin_key_invalid' } });
  });

  it('AUD-1: the correlation id of the request is the one recorded', async () => {
    const answer = await app.request('POST', '/auth/session', { ip: '203.0.113.14', headers: { 'x-correlation-id': 'corr-audit-1' } });
    await app.runtime.projections.waitFor(await app.store.headPosition());
    const { entries } = await audit('?action=session_issue&limit=1');
    expect(answer.status).toBe(204);
    expect(entries[0]).toMatchObject({ correlation_id: 'corr-audit-1', source: '203.0.113.14' });
  });

  it('AUD-2: filters by actor, target, outcome and time; pages newest first with a cursor', async () => {
    const all = (await audit('?limit=500')).entries;
    const ids = all.map((entry) => entry.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const first = await audit('?limit=2');
    const second = await audit(`?limit=2&cursor=${first.next_cursor}`);
    expect([...first.entries, ...second.entries].map((entry) => entry.id)).toEqual(ids.slice(0, 4));
    const actor = all.find((entry) => entry.actor.startsWith('admin:'))!.actor;
    expect((await audit(`?actor=${actor}`)).entries.every((entry) => entry.actor === actor)).toBe(true);
    expect((await audit('?outcome=denied')).entries.every((entry) => entry.outcome === 'denied')).toBe(true);
    const future = new Date(clock.now().getTime() + 3600_000).toISOString();
    expect((await audit(`?from=${future}`)).entries).toEqual([]);
    expect((await audit(`?to=${future}&limit=500`)).entries.length).toBe(all.length);
    const bad = await app.request('GET', '/admin/audit?from=yesterday', { cookie: admin });
    expect([bad.status, bad.body.code]).toEqual([422, 'validation_error']);
  });

  it('COMPAT: GET /admin/logs answers the predecessor shape with its action names', async () => {
    const answer = await app.request('GET', '/admin/logs?limit=50', { cookie: admin });
    expect(answer.status).toBe(200);
    const logs = answer.body.logs as Record<string, unknown>[];
    for (const log of logs) {
      expect(Object.keys(log).sort()).toEqual(['action', 'details', 'id', 'ip', 'success', 'ts']);
      expect([0, 1]).toContain(log.success);
      expect(typeof log.details).toBe('string');
    }
    expect(logs.find((log) => log.action === 'admin_session_create' && log.success === 0)).toBeDefined();
    expect(logs.find((log) => log.action === 'admin_session_get' && log.success === 1)).toBeDefined();
    await app.request('DELETE', '/admin/session', { cookie: admin });
    admin = await app.admin('203.0.113.10');
    await app.runtime.projections.waitFor(await app.store.headPosition());
    const after = (await app.request('GET', '/admin/logs', { cookie: admin })).body.logs as { action: string }[];
    expect(after.map((log) => log.action)).toContain('admin_session_delete');
    expect((await app.request('GET', '/admin/logs?limit=1001', { cookie: admin })).status).toBe(422);
  });

  it('AUD-2: nothing can edit or delete an entry', async () => {
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      const answer = await app.request(method, '/admin/audit', { cookie: admin, json: method === 'DELETE' ? undefined : {} });
      expect([404, 405]).toContain(answer.status);
    }
  });

  it('AUD-5: no audit entry holds a secret', async () => {
    const text = JSON.stringify((await audit('?limit=500')).entries);
    expect(text).not.toContain(SECURITY_ADMIN_KEY);
    expect(text).not.toMatch(/gg[sac]?_[A-Za-z0-9_-]{20,}/);
    expect(text).not.toMatch(/[0-9a-f]{64}/);
  });
});
