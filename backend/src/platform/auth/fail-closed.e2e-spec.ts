import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.loader.js';
import { startSecurityApp, type SecurityTestApp } from '../../testing/security-test-app.js';

describe('AUTH-6: fail closed', () => {
  it('AUTH-6: with the secrets file unreadable the server does not start at all (no anonymous mode)', () => {
    for (const spoil of ['directory', 'garbage', 'empty']) {
      const dataDir = mkdtempSync(join(tmpdir(), 'gg-secrets-'));
      const path = join(dataDir, 'secrets.json');
      if (spoil === 'directory') mkdirSync(path);
      else writeFileSync(path, spoil === 'garbage' ? '{not json' : '{}', { mode: 0o600 });
      expect(() => loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir })).toThrow(/ADMIN_KEY/);
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: mkdtempSync(join(tmpdir(), 'gg-prod-')) })).toThrow(/must be set in production/);
  });

  describe('AUTH-6: with the credential stores unreadable, protected routes answer 503 auth_unavailable', () => {
    let app: SecurityTestApp;
    let session: string;
    let admin: string;
    let key: string;
    beforeAll(async () => {
      app = await startSecurityApp();
      session = await app.session();
      admin = await app.admin();
      key = (await app.request('POST', '/admin/api-keys', { cookie: admin, json: { name: 'k' } })).body.key;
      expect((await app.request('GET', '/gallery', { cookie: session })).status).toBe(200);
      const dataSource = app.app.get(DataSource);
      for (const table of ['sessions', 'api_keys', 'admin_sessions']) await dataSource.query(`DROP TABLE "${table}"`);
    });
    afterAll(() => app.close());

    it.each([
      ['a session cookie', 'GET', '/gallery'],
      ['an API key', 'GET', '/gallery'],
      ['an API key', 'POST', '/generate'],
      ['an admin cookie', 'GET', '/admin/api-keys'],
      ['an admin cookie', 'GET', '/gallery'],
      ['a session cookie', 'GET', '/auth/session'],
    ])('AUTH-6: %s on %s %s is 503 auth_unavailable', async (what, method, path) => {
      const credentials = what === 'a session cookie' ? { cookie: session } : what === 'an admin cookie' ? { cookie: admin } : { headers: { 'x-api-key': key } };
      const answer = await app.request(method, path, { ...credentials, json: method === 'POST' ? { model: 'flux', mode: 'txt2img', prompt: 'x' } : undefined });
      expect([answer.status, answer.body.code]).toEqual([503, 'auth_unavailable']);
      expect(answer.text).not.toMatch(/SQLITE|no such table/i);
    });

    it('AUTH-6: issuing a session or an admin session fails closed too', async () => {
      expect((await app.request('POST', '/auth/session', { ip: '192.0.2.200' })).body.code).toBe('auth_unavailable');
      const login = await app.request('POST', '/admin/session', { ip: '192.0.2.201', headers: { 'x-admin-key': app.config.secrets.adminKey } });
      expect([login.status, login.body.code]).toEqual([503, 'auth_unavailable']);
    });

    it('AUTH-6: no credentials is still 401, never a way in', async () => {
      expect((await app.request('GET', '/gallery')).status).toBe(401);
    });
  });

  it('AUTH-6: with REDIS_URL unreachable, rate-limited routes answer 503 auth_unavailable; generation is unaffected', async () => {
    const app = await startSecurityApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      expect((await app.request('POST', '/auth/session')).body.code).toBe('auth_unavailable');
      expect((await app.request('GET', '/admin/session')).body.code).toBe('auth_unavailable');
      expect((await app.request('GET', '/gallery', { headers: { 'x-api-key': app.config.secrets.apiKey! } })).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
