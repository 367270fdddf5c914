import { startSecurityApp, type Answer, type SecurityTestApp } from '../../testing/security-test-app.js';

const ALLOWED = 'https://app.example.com';
const corsHeaders = (answer: Answer) => Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'));

describe('SEC-2: CORS', () => {
  let app: SecurityTestApp;
  beforeAll(async () => {
    app = await startSecurityApp({ env: { FRONTEND_ORIGINS: `${ALLOWED},http://localhost:4200` } });
  });
  afterAll(() => app.close());

  it('COMPAT: a preflight from an allowed origin gets the origin and credentials', async () => {
    const answer = await app.request('OPTIONS', '/generate', { headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-api-key' } });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
    expect(String(answer.headers['access-control-allow-headers'])).toContain('X-API-Key');
    expect(String(answer.headers['access-control-allow-methods'])).toContain('POST');
  });

  it('SEC-2: an actual request from an allowed origin is answered with the origin echoed', async () => {
    const answer = await app.request('GET', '/health', { headers: { origin: ALLOWED } });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
    expect(String(answer.headers.vary)).toContain('Origin');
  });

  it('SEC-2: any other origin gets 400 cors_origin_blocked and no CORS header — preflight or not', async () => {
    for (const [method, headers] of [
      ['OPTIONS', { origin: 'https://evil.example', 'access-control-request-method': 'POST' }],
      ['GET', { origin: 'https://evil.example' }],
      ['POST', { origin: 'null' }],
      ['GET', { origin: `${ALLOWED}.evil.example` }],
    ] as const) {
      const answer = await app.request(method, '/auth/session', { headers: { ...headers } });
      expect([answer.status, answer.body.code]).toEqual([400, 'cors_origin_blocked']);
      expect(Object.keys(answer.body).sort()).toEqual(['code', 'detail', 'user_action']);
      expect(corsHeaders(answer)).toEqual([]);
    }
  });

  it('SEC-2: same-origin requests pass: no Origin, or the server\'s own', async () => {
    expect((await app.request('POST', '/auth/session', { ip: '192.0.2.77' })).status).toBe(204);
    const own = await app.request('POST', '/auth/session', { ip: '192.0.2.78', headers: { host: 'gooni.local:8080', origin: 'http://gooni.local:8080' } });
    expect(own.status).toBe(204);
    expect(corsHeaders(own)).toEqual([]);
  });

  it('AUD-1: a denied origin is a security event, folded per source', async () => {
    for (let i = 0; i < 5; i += 1) await app.request('GET', '/health', { ip: '192.0.2.99', headers: { origin: `https://evil-${i}.example` } });
    await app.security.flush();
    const blocked = (await app.events()).filter((event) => event.type === 'CorsOriginBlocked' && event.metadata.source === '192.0.2.99');
    expect(blocked.map((event) => (event.data as { count: number }).count)).toEqual([1, 4]);
    expect(blocked[0].data).toMatchObject({ action: 'cors_request', target: 'https://evil-0.example', outcome: 'denied' });
  });
});
