import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { verifyRebuild } from '../projections/rebuild-verifier.js';
import { SECURITY_ADMIN_KEY, setCookieLine, startSecurityApp, type Answer, type SecurityTestApp } from '../../testing/security-test-app.js';

const AUTH_PROJECTIONS = ['sessions', 'access-codes', 'api-keys', 'admin-sessions', 'audit'];

/**
 * AUD-5, SC-6: a whole security scenario with every log line, event, answer and database byte captured;
 * no secret may appear anywhere except in the one answer that hands it out.
 */
describe('AUD-5: secret-leak scan', () => {
  let app: SecurityTestApp;
  const secrets = new Map<string, string>();
  /** answers allowed to show a given secret: the one-time display and the Set-Cookie that delivers it. */
  const handedOut = new Map<string, Answer>();
  const cookieToken = (answer: Answer, name: string) => setCookieLine(answer, name)!.split(';')[0].split('=')[1];

  beforeAll(async () => {
    app = await startSecurityApp({ captureLogs: true, env: { ACCESS_MODE: 'invite', FRONTEND_ORIGINS: 'https://app.example.com', LOG_LEVEL: 'trace' } });
    secrets.set('admin key', SECURITY_ADMIN_KEY);
    secrets.set('env API key', app.config.secrets.apiKey!);
    secrets.set('encryption key', app.config.secrets.encryptionKey);

    await app.request('POST', '/admin/session', { headers: { 'x-admin-key': 'not-the-key' } });
    await app.request('POST', `/admin/session?admin_key=${SECURITY_ADMIN_KEY}`, { headers: { 'x-admin-key': SECURITY_ADMIN_KEY } });
    const login = await app.request('POST', '/admin/session', { headers: { 'x-admin-key': SECURITY_ADMIN_KEY } });
    const adminToken = cookieToken(login, 'gg_admin_session');
    secrets.set('admin session', adminToken);
    handedOut.set(adminToken, login);
    const admin = `gg_admin_session=${adminToken}`;

    const code = await app.request('POST', '/admin/access-codes', { cookie: admin, json: { max_uses: 5 } });
    secrets.set('access code', code.body.code);
    handedOut.set(code.body.code, code);
    const sessions: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const issued = await app.request('POST', '/auth/session', { json: { access_code: code.body.code }, ip: `192.0.2.${50 + i}` });
      const token = cookieToken(issued, 'gg_session');
      secrets.set(`session ${i}`, token);
      handedOut.set(token, issued);
      sessions.push(`gg_session=${token}`);
    }
    await app.request('POST', '/auth/session', { json: { access_code: `${code.body.code.slice(0, -2)}xx` } });

    const k1 = await app.request('POST', '/admin/api-keys', { cookie: admin, json: { name: 'one' } });
    const k2 = await app.request('POST', '/admin/api-keys', { cookie: admin, json: { name: 'two', scopes: ['read'] } });
    const rotated = await app.request('POST', `/admin/api-keys/${k1.body.id}/rotate`, { cookie: admin, json: {} });
    for (const [name, answer] of [['key 1', k1], ['key 2', k2], ['key 1 rotated', rotated]] as const) {
      secrets.set(name, answer.body.key);
      handedOut.set(answer.body.key, answer);
    }
    await app.request('DELETE', `/admin/api-keys/${k2.body.id}`, { cookie: admin });

    await app.request('GET', '/gallery', { headers: { 'x-api-key': k1.body.key } });
    await app.request('GET', `/gallery?api_key=${rotated.body.key}`);
    await app.request('GET', '/gallery', { headers: { 'x-api-key': k2.body.key } });
    await app.request('GET', `/models?api_key=${app.config.secrets.apiKey}`);
    await app.request('GET', '/gallery', { headers: { 'x-api-key': `${k1.body.key}tail` } });
    await app.request('GET', `/no-such-route?api_key=${k1.body.key}`);
    await app.request('POST', '/generate', { cookie: sessions[0], json: { model: 'flux', mode: 'txt2img', prompt: 'leak scan' } });
    await app.request('POST', '/generate', { cookie: sessions[0], json: { model: 'nope' } });
    await app.request('DELETE', '/auth/session', { cookie: sessions[1] });
    await app.request('GET', '/gallery', { cookie: sessions[1] });
    await app.request('GET', '/health', { headers: { origin: 'https://evil.example', cookie: sessions[0] } });
    for (let i = 0; i < 12; i += 1) await app.request('POST', '/auth/session', { ip: '192.0.2.99', headers: { 'x-api-key': k1.body.key } });
    await app.request('GET', `/admin/audit?q=${adminToken}`, { cookie: admin });
    for (const path of ['/admin/api-keys', '/admin/access-codes', '/admin/audit?limit=500', '/admin/logs?limit=1000', '/admin/session', '/auth/session']) {
      await app.request('GET', path, { cookie: `${admin}; ${sessions[0]}` });
    }
    await app.security.flush();
    await app.runtime.projections.waitFor(await app.store.headPosition());
  });
  afterAll(() => app.close());

  /** The full secret and its random part (a log line could quote either). */
  function needles(): [string, string][] {
    const out: [string, string][] = [];
    for (const [name, value] of secrets) {
      out.push([name, value]);
      const random = /([A-Za-z0-9_-]{43})$/.exec(value)?.[1];
      if (random && random !== value) out.push([`${name} (random part)`, random]);
    }
    return out;
  }

  it('AUD-5: no secret in any log line', () => {
    expect(app.logs.length).toBeGreaterThan(0);
    const text = app.logs.join('');
    expect(needles().filter(([, value]) => text.includes(value)).map(([name]) => name)).toEqual([]);
  });

  it('AUD-5: no secret in any event', async () => {
    const text = JSON.stringify(await app.events());
    expect(needles().filter(([, value]) => text.includes(value)).map(([name]) => name)).toEqual([]);
  });

  it('AUD-5: no secret in any answer but the one that hands it out', () => {
    expect(app.answers.length).toBeGreaterThan(40);
    const leaks: string[] = [];
    for (const { method, url, answer } of app.answers) {
      const text = `${JSON.stringify(answer.headers)}\n${answer.text}`;
      for (const [name, value] of needles()) {
        const owner = [...handedOut.entries()].find(([secret]) => secret === value || secret.endsWith(value))?.[1];
        if (text.includes(value) && owner !== answer) leaks.push(`${name} in ${method} ${url.replace(/[?].*/, '?…')} (${answer.status})`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('AUD-5: no secret anywhere in the event store or read-model files', () => {
    const bytes = readdirSync(app.config.dataDir)
      .filter((file) => /\.sqlite(-wal|-shm)?$/.test(file))
      .map((file) => readFileSync(join(app.config.dataDir, file)).toString('latin1'))
      .join('\n');
    expect(bytes.length).toBeGreaterThan(0);
    expect(needles().filter(([, value]) => bytes.includes(value)).map(([name]) => name)).toEqual([]);
  });

  it('SC-7: rebuilding the auth read models from the log reproduces the live tables exactly', async () => {
    const live = app.app.get(DataSource);
    const scratch = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: live.entityMetadatas.map((meta) => meta.target), synchronize: true });
    await scratch.initialize();
    try {
      const projectors = app.runtime.projectors.filter((projector) => AUTH_PROJECTIONS.includes(projector.name));
      expect(projectors.map((projector) => projector.name).sort()).toEqual([...AUTH_PROJECTIONS].sort());
      const results = await verifyRebuild(app.store, live, scratch, projectors);
      for (const result of results) {
        expect(result.differences).toEqual([]);
        expect(result.rows).toBeGreaterThan(0);
      }
      // Replaying the whole log a second time over the rebuilt tables changes nothing (idempotent projectors).
      const again = await verifyRebuild(app.store, live, scratch, projectors);
      expect(again.flatMap((result) => result.differences)).toEqual([]);
    } finally {
      await scratch.destroy();
    }
  });
});
