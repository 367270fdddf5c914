import { ManualClock } from '../platform/clock/clock.js';
import { startSecurityApp, type SecurityTestApp } from '../testing/security-test-app.js';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

describe('AUTH-3: API keys', () => {
  const clock = new ManualClock(new Date());
  let app: SecurityTestApp;
  let admin: string;
  beforeAll(async () => {
    app = await startSecurityApp({ clock });
  });
  beforeEach(async () => {
    admin = await app.admin(); // tests move the clock past the admin idle timeout
  });
  afterAll(() => app.close());

  const issue = async (body: Record<string, unknown>) => {
    const answer = await app.request('POST', '/admin/api-keys', { cookie: admin, json: body });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; key: string; prefix: string; scopes: string[]; expires_at: string; created_at: string };
  };
  const use = (key: string, path = '/gallery') => app.request('GET', path, { headers: { 'x-api-key': key } });

  it('AUTH-3: a key is gg_<id>_<secret>, shown once, 90 days by default; the list never shows it', async () => {
    const key = await issue({ name: 'ci pipeline' });
    expect(key.key).toMatch(/^gg_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    expect(key.scopes).toEqual(['generate', 'read']);
    expect(Date.parse(key.expires_at) - Date.parse(key.created_at)).toBe(90 * DAY);
    const list = await app.request('GET', '/admin/api-keys', { cookie: admin });
    expect(list.text).not.toContain(key.key);
    expect(list.text).not.toContain(key.key.slice(key.prefix.length));
    expect(list.body.keys.find((row: { id: string }) => row.id === key.id)).toMatchObject({
      prefix: key.prefix, name: 'ci pipeline', scopes: ['generate', 'read'], status: 'active', last_used_at: null, expires_at: key.expires_at,
    });
    expect(JSON.stringify(await app.events())).not.toContain(key.key.slice(key.prefix.length));
  });

  it('AUTH-3: expiry is at most 90 days; names and scopes are validated', async () => {
    for (const body of [{ name: 'x', expires_in_days: 91 }, { name: '' }, { name: 'x', scopes: ['admin'] }, { name: 'x', scopes: [] }, {}]) {
      const answer = await app.request('POST', '/admin/api-keys', { cookie: admin, json: body });
      expect([answer.status, answer.body.code]).toEqual([422, 'validation_error']);
    }
    const short = await issue({ name: 'short', expires_in_days: 7 });
    expect(Date.parse(short.expires_at) - Date.parse(short.created_at)).toBe(7 * DAY);
  });

  it('AUTH-3: last_used_at is kept without an event per request', async () => {
    const key = await issue({ name: 'busy', scopes: ['read'] });
    const before = (await app.events()).length;
    for (let i = 0; i < 25; i += 1) expect((await use(key.key)).status).toBe(200);
    const added = (await app.events()).slice(before);
    expect(added.filter((event) => event.stream.startsWith('apikey-'))).toEqual([]);
    const row = (await app.request('GET', '/admin/api-keys', { cookie: admin })).body.keys.find((entry: { id: string }) => entry.id === key.id);
    expect(row.last_used_at).toBe(clock.now().toISOString());
  });

  it('AUTH-3: rotation gives a new key; the old one works for the 24 h grace period, then never again', async () => {
    const key = await issue({ name: 'rotating' });
    const rotated = await app.request('POST', `/admin/api-keys/${key.id}/rotate`, { cookie: admin, json: {} });
    expect(rotated.status).toBe(200);
    expect(rotated.body.key).not.toBe(key.key);
    expect(rotated.body.previous_prefix).toBe(key.prefix);
    expect(Date.parse(rotated.body.previous_valid_until) - clock.now().getTime()).toBe(24 * HOUR);
    expect((await use(rotated.body.key)).status).toBe(200);
    clock.advance(24 * HOUR - 1000);
    expect((await use(key.key)).status).toBe(200);
    clock.advance(1000);
    const old = await use(key.key);
    expect([old.status, old.body.code, old.body.metadata.reason]).toEqual([401, 'invalid_api_key', 'rotated']);
    expect((await use(rotated.body.key)).status).toBe(200);
  });

  it('AUTH-3: rotating with grace_hours 0 ends the old key at once (a leaked key)', async () => {
    const key = await issue({ name: 'leaked' });
    const rotated = await app.request('POST', `/admin/api-keys/${key.id}/rotate`, { cookie: admin, json: { grace_hours: 0 } });
    expect(rotated.status).toBe(200);
    expect((await use(key.key)).body.code).toBe('invalid_api_key');
    expect((await use(rotated.body.key)).status).toBe(200);
  });

  it('AUTH-3: tasks stay owned by the key across a rotation', async () => {
    const key = await issue({ name: 'owner' });
    const submitted = await app.request('POST', '/generate', { headers: { 'x-api-key': key.key }, json: { model: 'flux', mode: 'txt2img', prompt: 'mine' } });
    expect(submitted.status).toBe(200);
    const rotated = (await app.request('POST', `/admin/api-keys/${key.id}/rotate`, { cookie: admin, json: { grace_hours: 0 } })).body;
    const cancel = await app.request('POST', `/tasks/${submitted.body.task_id}/cancel`, { headers: { 'x-api-key': rotated.key } });
    expect(cancel.body?.code).not.toBe('forbidden');
  });

  it('AUTH-3: revocation takes effect on the very next request', async () => {
    const key = await issue({ name: 'doomed' });
    expect((await use(key.key)).status).toBe(200);
    const revoked = await app.request('DELETE', `/admin/api-keys/${key.id}`, { cookie: admin });
    expect(revoked.body).toEqual({ revoked: true, id: key.id });
    const next = await use(key.key);
    expect([next.status, next.body.code, next.body.metadata.reason]).toEqual([401, 'invalid_api_key', 'revoked']);
    expect((await app.request('POST', `/admin/api-keys/${key.id}/rotate`, { cookie: admin, json: {} })).body.code).toBe('illegal_transition');
    expect((await app.request('DELETE', `/admin/api-keys/${key.id}`, { cookie: admin })).status).toBe(200);
    expect((await app.request('DELETE', '/admin/api-keys/0000000000000000', { cookie: admin })).body.code).toBe('api_key_not_found');
    expect((await app.request('DELETE', '/admin/api-keys/nope', { cookie: admin })).body.code).toBe('api_key_not_found');
  });

  it('AUTH-3: a key stops working when it expires', async () => {
    const key = await issue({ name: 'brief', expires_in_days: 1 });
    clock.advance(DAY);
    expect((await use(key.key)).body.metadata.reason).toBe('expired');
    admin = await app.admin();
    const row = (await app.request('GET', '/admin/api-keys', { cookie: admin })).body.keys.find((entry: { id: string }) => entry.id === key.id);
    expect(row.status).toBe('expired');
  });

  it('AUTH-3: scopes decide what a key may do', async () => {
    const read = await issue({ name: 'reader', scopes: ['read'] });
    const write = await issue({ name: 'writer', scopes: ['generate'] });
    expect((await use(read.key, '/models')).status).toBe(200);
    expect((await use(write.key, '/models')).body.code).toBe('insufficient_scope');
    const post = await app.request('POST', '/generate', { headers: { 'x-api-key': read.key }, json: { model: 'flux', mode: 'txt2img', prompt: 'x' } });
    expect([post.status, post.body.code]).toEqual([403, 'insufficient_scope']);
  });

  it('AUD-1: issue, rotate and revoke are on the audit trail with the admin as actor', async () => {
    const key = await issue({ name: 'audited' });
    await app.request('POST', `/admin/api-keys/${key.id}/rotate`, { cookie: admin, json: {} });
    await app.request('DELETE', `/admin/api-keys/${key.id}`, { cookie: admin });
    await app.runtime.projections.waitFor(await app.store.headPosition());
    const audit = await app.request('GET', `/admin/audit?target=api_key:${key.id}`, { cookie: admin });
    expect(audit.body.entries.map((entry: { action: string }) => entry.action)).toEqual(['api_key_revoke', 'api_key_rotate', 'api_key_issue']);
    for (const entry of audit.body.entries) expect(entry.actor).toMatch(/^admin:/);
  });
});
