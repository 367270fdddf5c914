/**
 * Which limits a request counts against (SEC-1). Pure: the route pattern and method decide. Limits are
 * fixed by the mission; the per-IP ceiling on /admin/* stops a client that invents a new cookie per
 * request from escaping the per-session limit.
 */
export type RateLimitName = 'auth-session' | 'admin-login' | 'admin' | 'admin-ip';

export interface RateLimit {
  name: RateLimitName;
  limit: number;
  ttlMs: number;
  /** What the counter is keyed by. */
  per: 'ip' | 'admin-session';
}

export const RATE_LIMITS: readonly RateLimit[] = [
  { name: 'auth-session', limit: 10, ttlMs: 60_000, per: 'ip' },
  { name: 'admin-login', limit: 30, ttlMs: 60_000, per: 'ip' },
  { name: 'admin', limit: 120, ttlMs: 60_000, per: 'admin-session' },
  { name: 'admin-ip', limit: 600, ttlMs: 60_000, per: 'ip' },
];

export function rateLimitsFor(method: string, route: string): RateLimitName[] {
  if (route === '/auth/session' && method === 'POST') return ['auth-session'];
  if (route === '/admin/session' && method === 'POST') return ['admin-login'];
  if (route === '/admin' || route.startsWith('/admin/')) return ['admin', 'admin-ip'];
  return [];
}

/** The action name recorded for a route (predecessor names where COMPAT has them). */
export function actionForRoute(method: string, route: string): string {
  const known: Record<string, string> = {
    'POST /auth/session': 'session_create',
    'GET /auth/session': 'session_get',
    'DELETE /auth/session': 'session_delete',
    'POST /admin/session': 'admin_session_create',
    'GET /admin/session': 'admin_session_get',
    'DELETE /admin/session': 'admin_session_delete',
  };
  return known[`${method} ${route}`] ?? `${method} ${route}`;
}
