import { ManualClock } from '../clock/clock.js';
import { startSecurityApp, type Answer, type SecurityTestApp } from '../../testing/security-test-app.js';

/**
 * AUTH-1, AUTH-3, AUTH-4, AUTH-5, GAL-2, SC-5: every route × every kind of caller, one expected status and
 * code per cell. "allowed" means the request got past authentication (any status but 401/403/5xx).
 */
type Column = 'none' | 'bad_key' | 'expired_session' | 'revoked_session' | 'valid_session' | 'wrong_scope_key' | 'other_owner' | 'admin_session';
const COLUMNS: Column[] = ['none', 'bad_key', 'expired_session', 'revoked_session', 'wrong_scope_key', 'other_owner', 'valid_session', 'admin_session'];
type Expected = 'allowed' | [number, string];

const AUTH_CODES = new Set(['invalid_api_key', 'session_required', 'session_expired', 'admin_session_required', 'rate_limited', 'cors_origin_blocked', 'forbidden', 'insufficient_scope', 'auth_unavailable']);

interface Row {
  method: string;
  path: string;
  scope: 'read' | 'generate';
  owned?: boolean;
}

const GENERATION_ROUTES = (task: string): Row[] => [
  { method: 'GET', path: '/models', scope: 'read' },
  { method: 'POST', path: '/generate', scope: 'generate' },
  { method: 'GET', path: `/status/${task}`, scope: 'read' },
  { method: 'GET', path: `/status/${task}/stream`, scope: 'read' },
  { method: 'GET', path: `/results/${task}`, scope: 'read' },
  { method: 'GET', path: `/preview/${task}`, scope: 'read' },
  { method: 'POST', path: `/tasks/${task}/cancel`, scope: 'generate', owned: true },
  { method: 'POST', path: `/tasks/${task}/retry`, scope: 'generate', owned: true },
  { method: 'GET', path: '/gallery', scope: 'read' },
  { method: 'GET', path: '/gallery?owner=me', scope: 'read' },
  { method: 'DELETE', path: `/gallery/${task}`, scope: 'generate', owned: true },
];

function expectedForGeneration(row: Row, column: Column): Expected {
  switch (column) {
    case 'none':
      return [401, 'session_required'];
    case 'bad_key':
      return [401, 'invalid_api_key'];
    case 'expired_session':
      return [401, 'session_expired'];
    case 'revoked_session':
      return [401, 'session_required'];
    case 'wrong_scope_key':
      return [403, 'insufficient_scope'];
    case 'other_owner':
      return row.owned ? [403, 'forbidden'] : 'allowed';
    case 'valid_session':
    case 'admin_session':
      return 'allowed';
  }
}

function expectedForAdmin(column: Column): Expected {
  return column === 'admin_session' ? 'allowed' : [401, 'admin_session_required'];
}

describe('AUTH-5, SC-5: the authentication matrix', () => {
  const clock = new ManualClock(new Date());
  let app: SecurityTestApp;
  const credentials = {} as Record<Column, { headers?: Record<string, string>; cookie?: string }>;
  let taskId: string;
  let ipCounter = 0;
  const nextIp = () => {
    ipCounter += 1;
    return `10.${Math.floor(ipCounter / 250) % 250}.${ipCounter % 250}.7`;
  };

  beforeAll(async () => {
    app = await startSecurityApp({ clock, env: { ...{} } });
    const expiring = await app.session(nextIp());
    clock.advance(25 * 3600 * 1000);
    const admin = await app.admin(nextIp());
    const revoked = await app.session(nextIp());
    await app.request('DELETE', '/auth/session', { cookie: revoked, ip: nextIp() });
    const owner = await app.session(nextIp());
    const other = await app.session(nextIp());
    const readOnly = await app.request('POST', '/admin/api-keys', { cookie: admin, json: { name: 'read only', scopes: ['read'] }, ip: nextIp() });
    const generateOnly = await app.request('POST', '/admin/api-keys', { cookie: admin, json: { name: 'generate only', scopes: ['generate'] }, ip: nextIp() });
    expect([readOnly.status, generateOnly.status]).toEqual([201, 201]);
    Object.assign(credentials, {
      none: {},
      bad_key: { headers: { 'x-api-key': 'gg_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } },
      expired_session: { cookie: expiring },
      revoked_session: { cookie: revoked },
      valid_session: { cookie: owner },
      other_owner: { cookie: other },
      admin_session: { cookie: admin },
    });
    (credentials as Record<string, unknown>).read_only = { headers: { 'x-api-key': readOnly.body.key } };
    (credentials as Record<string, unknown>).generate_only = { headers: { 'x-api-key': generateOnly.body.key } };
    const submitted = await app.request('POST', '/generate', { cookie: owner, json: { model: 'flux', mode: 'txt2img', prompt: 'matrix' }, ip: nextIp() });
    expect(submitted.status).toBe(200);
    taskId = submitted.body.task_id;
    // A terminal task keeps the stream route short; cancel is then 409 for the owner, which is "allowed".
    expect((await app.request('POST', `/tasks/${taskId}/cancel`, { cookie: owner, ip: nextIp() })).status).toBeLessThan(500);
  });
  afterAll(() => app.close());

  function credentialFor(row: Row, column: Column) {
    if (column !== 'wrong_scope_key') return credentials[column];
    return (credentials as unknown as Record<string, { headers: Record<string, string> }>)[row.scope === 'read' ? 'generate_only' : 'read_only'];
  }

  function check(failures: string[], row: Row, column: Column, answer: Answer, expected: Expected) {
    const where = `${row.method} ${row.path} × ${column}: got ${answer.status} ${answer.body?.code ?? ''}`;
    if (expected === 'allowed') {
      if (answer.status === 401 || answer.status === 403 || answer.status >= 500 || AUTH_CODES.has(answer.body?.code)) failures.push(`${where}, expected to pass authentication`);
    } else if (answer.status !== expected[0] || answer.body?.code !== expected[1]) {
      failures.push(`${where}, expected ${expected[0]} ${expected[1]}`);
    } else if (Object.keys(answer.body).sort().join(',') !== 'code,detail,metadata,user_action' && Object.keys(answer.body).sort().join(',') !== 'code,detail,user_action') {
      failures.push(`${where}: body is not {code, detail, user_action, metadata?} (SEC-4)`);
    }
  }

  it('AUTH-1, AUTH-3, GAL-2: generation, media and gallery routes', async () => {
    const failures: string[] = [];
    for (const row of GENERATION_ROUTES(taskId)) {
      for (const column of COLUMNS) {
        const body = row.path === '/generate' ? { model: 'flux', mode: 'txt2img', prompt: `cell ${column}` } : undefined;
        const answer = await app.request(row.method, row.path, { ...credentialFor(row, column), json: body, ip: nextIp() });
        check(failures, row, column, answer, expectedForGeneration(row, column));
      }
    }
    expect(failures).toEqual([]);
  });

  it('AUTH-4: every /admin route but POST /admin/session needs the admin session (all routes the API documents)', async () => {
    const document = (await app.request('GET', '/docs/openapi.json', { ip: nextIp() })).body as { paths: Record<string, Record<string, unknown>> };
    const rows: Row[] = [];
    for (const [path, methods] of Object.entries(document.paths)) {
      if (!path.startsWith('/admin')) continue;
      for (const method of Object.keys(methods)) {
        if (path === '/admin/session' && method === 'post') continue;
        rows.push({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, '0123456789abcdef'), scope: 'read' });
      }
    }
    expect(rows.length).toBeGreaterThanOrEqual(10);
    // Log out last, so the admin column stays valid for every other row.
    rows.sort((a, b) => Number(a.path === '/admin/session' && a.method === 'DELETE') - Number(b.path === '/admin/session' && b.method === 'DELETE'));
    const failures: string[] = [];
    for (const row of rows) {
      for (const column of COLUMNS) {
        const answer = await app.request(row.method, row.path, { ...credentialFor(row, column), json: row.method === 'GET' || row.method === 'DELETE' ? undefined : {}, ip: nextIp() });
        check(failures, row, column, answer, expectedForAdmin(column));
      }
    }
    expect(failures).toEqual([]);
  });

  it('AUTH-1: a presented key must be valid — no fall-through to a valid cookie, header before query', async () => {
    const bad = credentials.bad_key.headers!['x-api-key'];
    const cookie = credentials.valid_session.cookie;
    expect((await app.request('GET', '/gallery', { headers: { 'x-api-key': bad }, cookie, ip: nextIp() })).body.code).toBe('invalid_api_key');
    expect((await app.request('GET', `/gallery?api_key=${bad}`, { cookie, ip: nextIp() })).body.code).toBe('invalid_api_key');
    expect((await app.request('GET', '/gallery?api_key=', { cookie, ip: nextIp() })).body.code).toBe('invalid_api_key');
    const good = (credentials as unknown as Record<string, { headers: Record<string, string> }>).read_only.headers['x-api-key'];
    expect((await app.request('GET', `/gallery?api_key=${bad}`, { headers: { 'x-api-key': good }, ip: nextIp() })).status).toBe(200);
    expect((await app.request('GET', `/gallery?api_key=${good}`, { ip: nextIp() })).status).toBe(200);
    expect((await app.request('GET', '/gallery', { headers: { 'x-api-key': bad }, ip: nextIp() })).status).toBe(401);
  });

  it('COMPAT: the API_KEY of the environment is a full-scope key', async () => {
    const headers = { 'x-api-key': app.config.secrets.apiKey! };
    expect((await app.request('GET', '/gallery', { headers, ip: nextIp() })).status).toBe(200);
    const submitted = await app.request('POST', '/generate', { headers, json: { model: 'flux', mode: 'txt2img', prompt: 'env key' }, ip: nextIp() });
    expect(submitted.status).toBe(200);
  });
});
