import { ManualClock } from '../platform/clock/clock.js';
import { SECURITY_ADMIN_KEY, setCookieLine, startSecurityApp, type SecurityTestApp } from '../testing/security-test-app.js';

const MINUTE = 60 * 1000;

describe('AUTH-4: admin sessions', () => {
  const clock = new ManualClock(new Date());
  let app: SecurityTestApp;
  beforeAll(async () => {
    app = await startSecurityApp({ clock });
  });
  afterAll(() => app.close());

  const whoami = (cookie: string) => app.request('GET', '/admin/session', { cookie });

  it('AUTH-4: POST /admin/session with X-Admin-Key answers 204 and an HttpOnly, SameSite=Strict cookie of 12 h', async () => {
    const answer = await app.request('POST', '/admin/session', { headers: { 'x-admin-key': SECURITY_ADMIN_KEY } });
    expect(answer.status).toBe(204);
    const line = setCookieLine(answer, 'gg_admin_session')!;
    expect(line).toMatch(/^gg_admin_session=gga_[A-Za-z0-9_-]{43};/);
    for (const attribute of ['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=43200']) expect(line).toContain(attribute);
  });

  it('AUTH-4: a missing or wrong key is admin_session_required; the key is accepted in the header only', async () => {
    const missing = await app.request('POST', '/admin/session');
    expect([missing.status, missing.body.code, missing.body.metadata.reason]).toEqual([401, 'admin_session_required', 'admin_key_missing']);
    const wrong = await app.request('POST', '/admin/session', { headers: { 'x-admin-key': `${SECURITY_ADMIN_KEY}x` } });
    expect([wrong.status, wrong.body.metadata.reason]).toEqual([401, 'admin_key_invalid']);
    const inBody = await app.request('POST', '/admin/session', { json: { admin_key: SECURITY_ADMIN_KEY } });
    expect(inBody.status).toBe(401);
    const bearer = await app.request('POST', '/admin/session', { headers: { authorization: `Bearer ${SECURITY_ADMIN_KEY}` } });
    expect(bearer.status).toBe(401);
  });

  it('AUTH-4: admin credentials in a query string are refused and audited, without the value', async () => {
    const cookie = await app.admin();
    const login = await app.request('POST', `/admin/session?admin_key=${encodeURIComponent(SECURITY_ADMIN_KEY)}`, { headers: { 'x-admin-key': SECURITY_ADMIN_KEY } });
    expect([login.status, login.body.code, login.body.metadata.reason]).toEqual([403, 'forbidden', 'admin_credentials_in_query']);
    const route = await app.request('GET', `/admin/api-keys?q=${encodeURIComponent(SECURITY_ADMIN_KEY)}`, { cookie });
    expect([route.status, route.body.code]).toEqual([403, 'forbidden']);
    const token = cookie.split('=')[1];
    expect((await app.request('GET', `/admin/audit?gg_admin_session=${token}`, { cookie })).status).toBe(403);
    const events = await app.events();
    const refused = events.filter((event) => event.type === 'AccessDenied' && (event.data as { details: { why?: string } }).details.why === 'admin_credentials_in_query');
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(events)).not.toContain(SECURITY_ADMIN_KEY);
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('COMPAT: GET /admin/session reports {active, idle_timeout_seconds, last_activity_at}', async () => {
    const cookie = await app.admin();
    const answer = await whoami(cookie);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ active: true, idle_timeout_seconds: 1800, last_activity_at: clock.now().toISOString() });
  });

  it('AUTH-4: 30 minutes without a request end the session; every request moves that mark', async () => {
    const cookie = await app.admin();
    for (let i = 0; i < 3; i += 1) {
      clock.advance(29 * MINUTE);
      expect((await whoami(cookie)).status).toBe(200);
    }
    clock.advance(30 * MINUTE);
    const idle = await whoami(cookie);
    expect([idle.status, idle.body.code, idle.body.metadata.reason]).toEqual([401, 'admin_session_required', 'idle_timeout']);
    const expired = (await app.events()).filter((event) => event.type === 'AdminSessionExpired').at(-1)!;
    expect(expired.data).toMatchObject({ reason: 'idle' });
    expect((await whoami(cookie)).body.metadata.reason).toBe('expired');
  });

  it('AUTH-4: 12 hours after login the session ends, however busy', async () => {
    const cookie = await app.admin();
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      clock.advance(20 * MINUTE);
      expect((await whoami(cookie)).status).toBe(200);
    }
    clock.advance(20 * MINUTE);
    expect((await whoami(cookie)).status).toBe(401);
    expect((await app.events()).filter((event) => event.type === 'AdminSessionExpired').at(-1)!.data).toMatchObject({ reason: 'absolute' });
  });

  it('AUTH-4: sliding activity appends no event per request', async () => {
    const cookie = await app.admin();
    const before = (await app.events()).length;
    for (let i = 0; i < 40; i += 1) expect((await whoami(cookie)).status).toBe(200);
    const added = (await app.events()).slice(before);
    expect(added.filter((event) => event.stream.startsWith('admin-session-'))).toEqual([]);
    expect(added.length).toBeLessThanOrEqual(2); // the folded AdminRouteAccessed record
  });

  it('AUTH-4: after DELETE /admin/session every admin route answers 401', async () => {
    const cookie = await app.admin();
    const answer = await app.request('DELETE', '/admin/session', { cookie });
    expect(answer.status).toBe(204);
    expect(setCookieLine(answer, 'gg_admin_session')).toContain('Max-Age=0');
    for (const path of ['/admin/session', '/admin/api-keys', '/admin/audit', '/admin/logs']) {
      const after = await app.request('GET', path, { cookie });
      expect([after.status, after.body.code]).toEqual([401, 'admin_session_required']);
    }
  });

  it('AUTH-4: a new ADMIN_KEY ends every admin session the old key opened (recovery from a leak)', async () => {
    const cookie = await app.admin();
    const dataDir = app.config.dataDir;
    await app.close({ keepData: true });
    app = await startSecurityApp({ clock, dataDir, env: { ADMIN_KEY: `${SECURITY_ADMIN_KEY}-rotated` } });
    const answer = await whoami(cookie);
    expect([answer.status, answer.body.code, answer.body.metadata.reason]).toEqual([401, 'admin_session_required', 'admin_key_rotated']);
    expect((await app.request('POST', '/admin/session', { headers: { 'x-admin-key': SECURITY_ADMIN_KEY } })).status).toBe(401);
    const fresh = await app.request('POST', '/admin/session', { headers: { 'x-admin-key': `${SECURITY_ADMIN_KEY}-rotated` } });
    expect(fresh.status).toBe(204);
  });

  it('AUTH-4: an API key or a generation session is not an admin session', async () => {
    const session = await app.session();
    expect((await app.request('GET', '/admin/api-keys', { cookie: session })).body.code).toBe('admin_session_required');
    expect((await app.request('GET', '/admin/api-keys', { headers: { 'x-api-key': app.config.secrets.apiKey! } })).body.code).toBe('admin_session_required');
  });
});
