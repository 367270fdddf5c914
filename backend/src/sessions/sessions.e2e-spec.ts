import { createHash } from 'node:crypto';
import { ManualClock } from '../platform/clock/clock.js';
import { setCookieLine, startSecurityApp, type SecurityTestApp } from '../testing/security-test-app.js';

const HOUR = 3600 * 1000;

describe('AUTH-2: generation sessions', () => {
  const clock = new ManualClock(new Date());
  let app: SecurityTestApp;
  beforeAll(async () => {
    app = await startSecurityApp({ clock, env: { TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(() => app.close());

  it('AUTH-2: POST /auth/session answers 204 with an HttpOnly, SameSite=Lax, Path=/ cookie of 24 h holding a 256-bit token', async () => {
    const answer = await app.request('POST', '/auth/session', { ip: '198.51.100.1' });
    expect(answer.status).toBe(204);
    const line = setCookieLine(answer, 'gg_session')!;
    expect(line).toMatch(/^gg_session=ggs_[A-Za-z0-9_-]{43};/);
    expect(line).toContain('HttpOnly');
    expect(line).toContain('SameSite=Lax');
    expect(line).toContain('Path=/');
    expect(line).toContain('Max-Age=86400');
    expect(line).not.toContain('Secure');
  });

  it('AUTH-2: the token is stored only as its sha256', async () => {
    const cookie = await app.session('198.51.100.2');
    const token = cookie.split('=')[1];
    const events = await app.events();
    const issued = events.filter((event) => event.type === 'SessionIssued').map((event) => event.data as { token_hash: string });
    expect(issued.map((data) => data.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('AUTH-2: Secure behind HTTPS — only when a trusted proxy says so', async () => {
    const viaProxy = await app.request('POST', '/auth/session', { ip: '127.0.0.1', headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } });
    expect(setCookieLine(viaProxy, 'gg_session')).toContain('Secure');
    const forged = await app.request('POST', '/auth/session', { ip: '198.51.100.3', headers: { 'x-forwarded-proto': 'https' } });
    expect(setCookieLine(forged, 'gg_session')).not.toContain('Secure');
  });

  it('COMPAT: GET /auth/session reports {valid, active, expires_at}', async () => {
    const before = clock.now().getTime();
    const cookie = await app.session('198.51.100.4');
    const answer = await app.request('GET', '/auth/session', { cookie });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ valid: true, active: true, access_mode: 'open' });
    expect(Date.parse(answer.body.expires_at) - before).toBe(24 * HOUR);
    expect((await app.request('GET', '/auth/session')).body).toMatchObject({ valid: false, active: false, expires_at: null });
  });

  it('AUTH-2: DELETE /auth/session revokes it for the very next request and clears the cookie', async () => {
    const cookie = await app.session('198.51.100.5');
    expect((await app.request('GET', '/gallery', { cookie })).status).toBe(200);
    const answer = await app.request('DELETE', '/auth/session', { cookie });
    expect(answer.status).toBe(204);
    expect(setCookieLine(answer, 'gg_session')).toMatch(/Max-Age=0/);
    const next = await app.request('GET', '/gallery', { cookie });
    expect([next.status, next.body.code, next.body.metadata.reason]).toEqual([401, 'session_required', 'revoked']);
    expect((await app.request('GET', '/auth/session', { cookie })).body).toMatchObject({ valid: false, reason: 'revoked' });
    expect((await app.request('DELETE', '/auth/session', { cookie })).status).toBe(204);
    expect((await app.request('DELETE', '/auth/session')).status).toBe(204);
  });

  it('AUTH-2: a session ends 24 h after issue, never extended by use; the expiry is recorded once', async () => {
    const cookie = await app.session('198.51.100.6');
    clock.advance(24 * HOUR - 1000);
    expect((await app.request('GET', '/gallery', { cookie })).status).toBe(200);
    clock.advance(1000);
    const expired = await app.request('GET', '/gallery', { cookie });
    expect([expired.status, expired.body.code]).toEqual([401, 'session_expired']);
    await app.request('GET', '/gallery', { cookie });
    expect((await app.request('GET', '/auth/session', { cookie })).body).toMatchObject({ valid: false, reason: 'expired' });
    const sessionId = (await app.events()).filter((event) => event.type === 'SessionIssued').at(-1)!.data as { session_id: string };
    const expiries = (await app.events()).filter((event) => event.type === 'SessionExpired' && (event.data as { session_id: string }).session_id === sessionId.session_id);
    expect(expiries).toHaveLength(1);
  });

  it('AUTH-2: unknown and malformed cookies are session_required, never a 5xx', async () => {
    for (const cookie of ['gg_session=ggs_' + 'A'.repeat(43), 'gg_session=', 'gg_session=%zz', 'gg_session=x; gg_session=y']) {
      const answer = await app.request('GET', '/gallery', { cookie });
      expect([answer.status, answer.body.code]).toEqual([401, 'session_required']);
    }
  });
});

describe('AUTH-2: invite mode (ACCESS_MODE=invite)', () => {
  const clock = new ManualClock(new Date());
  let app: SecurityTestApp;
  let admin: string;
  beforeAll(async () => {
    app = await startSecurityApp({ clock, env: { ACCESS_MODE: 'invite', COOKIE_SECURE: 'true' } });
    admin = await app.admin();
  });
  afterAll(() => app.close());

  const issue = async (body: Record<string, unknown>) => {
    const answer = await app.request('POST', '/admin/access-codes', { cookie: admin, json: body });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; code: string; max_uses: number };
  };
  const redeem = (code: unknown, ip = '198.51.100.20') => app.request('POST', '/auth/session', { json: code === undefined ? {} : { access_code: code }, ip });

  it('AUTH-2: without a code there is no session', async () => {
    const answer = await redeem(undefined);
    expect([answer.status, answer.body.code, answer.body.metadata.reason]).toEqual([401, 'session_required', 'access_code_required']);
    expect((await app.request('GET', '/auth/session')).body.access_mode).toBe('invite');
  });

  it('AUTH-2: a one-time code gives one session; COOKIE_SECURE marks the cookie Secure', async () => {
    const code = await issue({ label: 'alice' });
    expect(code.code).toMatch(/^ggc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const first = await redeem(code.code);
    expect(first.status).toBe(204);
    expect(setCookieLine(first, 'gg_session')).toContain('Secure');
    const second = await redeem(code.code);
    expect([second.status, second.body.metadata.reason]).toEqual([401, 'access_code_used_up']);
  });

  it('AUTH-2: concurrent redemptions of a one-time code give exactly one session', async () => {
    const code = await issue({});
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => redeem(code.code, `198.51.100.${30 + i}`)));
    expect(answers.filter((answer) => answer.status === 204)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(5);
  });

  it('AUTH-2: a multi-use code works max_uses times, then stops', async () => {
    const code = await issue({ max_uses: 3 });
    for (let i = 0; i < 3; i += 1) expect((await redeem(code.code, `198.51.100.${40 + i}`)).status).toBe(204);
    expect((await redeem(code.code, '198.51.100.44')).body.metadata.reason).toBe('access_code_used_up');
  });

  it('AUTH-2: expired, revoked, wrong and malformed codes are refused; admins list codes without the secret', async () => {
    const expiring = await issue({ max_uses: 5, expires_in_hours: 1 });
    const revoked = await issue({ max_uses: 5 });
    expect((await app.request('DELETE', `/admin/access-codes/${revoked.id}`, { cookie: admin })).body).toEqual({ revoked: true, id: revoked.id });
    clock.advance(HOUR);
    expect((await redeem(expiring.code, '198.51.100.50')).body.metadata.reason).toBe('access_code_expired');
    expect((await redeem(revoked.code, '198.51.100.51')).body.metadata.reason).toBe('access_code_revoked');
    expect((await redeem(`${revoked.code.slice(0, -1)}x`, '198.51.100.52')).body.metadata.reason).toBe('access_code_invalid');
    expect((await redeem('letmein', '198.51.100.53')).body.metadata.reason).toBe('access_code_invalid');
    expect((await redeem(42, '198.51.100.54')).body.metadata.reason).toBe('access_code_invalid');
    admin = await app.admin(); // the hour went past the admin idle timeout (AUTH-4)
    const list = await app.request('GET', '/admin/access-codes', { cookie: admin });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(revoked.code);
    const statuses = Object.fromEntries((list.body.codes as { id: string; status: string }[]).map((code) => [code.id, code.status]));
    expect(statuses[expiring.id]).toBe('expired');
    expect(statuses[revoked.id]).toBe('revoked');
    const denied = (await app.events()).filter((event) => event.type === 'AccessDenied' && (event.data as { action: string }).action === 'session_create');
    expect(denied.length).toBeGreaterThan(0);
  });

  it('AUTH-2: invalid access-code bodies are validated', async () => {
    const answer = await app.request('POST', '/admin/access-codes', { cookie: admin, json: { max_uses: 0, extra: true } });
    expect([answer.status, answer.body.code]).toEqual([422, 'validation_error']);
  });
});
