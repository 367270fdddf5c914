import { actionForRoute, RATE_LIMITS, rateLimitsFor } from './rate-limit.policy.js';

describe('rate-limit policy (SEC-1)', () => {
  it.each([
    ['POST', '/auth/session', ['auth-session']],
    ['GET', '/auth/session', []],
    ['DELETE', '/auth/session', []],
    ['POST', '/admin/session', ['admin-login']],
    ['GET', '/admin/session', ['admin', 'admin-ip']],
    ['DELETE', '/admin/session', ['admin', 'admin-ip']],
    ['GET', '/admin/api-keys', ['admin', 'admin-ip']],
    ['POST', '/admin/accounts/:id/deploy', ['admin', 'admin-ip']],
    ['POST', '/generate', []],
    ['GET', '/administrator', []],
  ])('SEC-1: %s %s counts against %j', (method, route, expected) => expect(rateLimitsFor(method, route)).toEqual(expected));

  it('SEC-1: the mission numbers: 10/min/IP, 30/60 s/IP, 120/min/admin session', () => {
    const byName = Object.fromEntries(RATE_LIMITS.map((limit) => [limit.name, limit]));
    expect(byName['auth-session']).toMatchObject({ limit: 10, ttlMs: 60_000, per: 'ip' });
    expect(byName['admin-login']).toMatchObject({ limit: 30, ttlMs: 60_000, per: 'ip' });
    expect(byName.admin).toMatchObject({ limit: 120, ttlMs: 60_000, per: 'admin-session' });
  });

  it('AUD-1: keeps the predecessor action names for the session routes', () => {
    expect(actionForRoute('POST', '/admin/session')).toBe('admin_session_create');
    expect(actionForRoute('GET', '/admin/session')).toBe('admin_session_get');
    expect(actionForRoute('DELETE', '/admin/session')).toBe('admin_session_delete');
    expect(actionForRoute('GET', '/gallery')).toBe('GET /gallery');
  });
});
