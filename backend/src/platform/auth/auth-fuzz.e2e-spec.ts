import fc from 'fast-check';
import { startSecurityApp, type SecurityTestApp } from '../../testing/security-test-app.js';

const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 120 });
const tokenish = fc.oneof(
  headerValue,
  fc.constantFrom('ggs_', 'gga_', 'gg_', 'ggc_').chain((prefix) => fc.string({ unit: fc.constantFrom(...'AZaz09_-%;=,'.split('')), maxLength: 60 }).map((rest) => prefix + rest)),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 16, maxLength: 16 }).map((id) => `gg_${id}_${'A'.repeat(43)}`),
);

/** SC-5, AUTH-5: whatever a client puts in cookies and auth headers, the answer is a coded 4xx or a success — never a 5xx. */
describe('AUTH-5: fuzzing cookies and credential headers', () => {
  let app: SecurityTestApp;
  let ip = 0;
  beforeAll(async () => {
    app = await startSecurityApp({ env: { FRONTEND_ORIGINS: 'https://app.example.com' } });
  });
  afterAll(() => app.close());

  const paths = fc.constantFrom('/gallery', '/models', '/admin/session', '/admin/api-keys', '/auth/session', '/status/abc', '/admin/audit');
  const methods = fc.constantFrom('GET', 'POST', 'DELETE');

  it('AUTH-5: never a 5xx, and every error is {code, detail, user_action}', async () => {
    await fc.assert(
      fc.asyncProperty(methods, paths, tokenish, tokenish, tokenish, fc.option(headerValue), async (method, path, cookie, apiKey, adminKey, origin) => {
        ip += 1;
        const headers: Record<string, string> = { cookie: `gg_session=${cookie}; gg_admin_session=${cookie}`, 'x-admin-key': adminKey };
        if (apiKey.length % 2 === 0) headers['x-api-key'] = apiKey;
        if (origin !== null) headers.origin = origin;
        const answer = await app.request(method, `${path}?api_key=${encodeURIComponent(apiKey)}`, { headers, ip: `10.9.${Math.floor(ip / 250) % 250}.${ip % 250}` });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) {
          expect(typeof answer.body.code).toBe('string');
          expect(typeof answer.body.detail).toBe('string');
          expect(typeof answer.body.user_action).toBe('string');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('AUTH-5: raw Cookie headers of any shape never break authentication', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async (cookie) => {
        const answer = await app.request('GET', '/gallery', { headers: { cookie } });
        expect([200, 401]).toContain(answer.status);
        if (answer.status === 401) expect(['session_required', 'session_expired']).toContain(answer.body.code);
      }),
      { numRuns: 200 },
    );
  });
});
