import { adminCredentialInQuery } from './admin-credentials.js';

const KEY = 'admin-key-0123456789abcdefghijklmnopq';
const TOKEN = `gga_${'A'.repeat(43)}`;

describe('admin credentials in a query string (AUTH-4)', () => {
  it.each([
    [{ admin_key: 'x' }, 'admin_key'],
    [{ 'x-admin-key': 'x' }, 'x-admin-key'],
    [{ adminKey: 'x' }, 'adminKey'],
    [{ gg_admin_session: 'x' }, 'gg_admin_session'],
    [{ q: KEY }, 'q'],
    [{ q: ['a', KEY] }, 'q'],
    [{ t: TOKEN }, 't'],
    [{ [KEY]: '' }, '(secret)'],
    [{ ['weird name!']: KEY }, '(unnamed)'],
  ])('AUTH-4: %j is refused as %s', (query, name) => expect(adminCredentialInQuery(query, KEY)).toBe(name));

  it.each([[{}], [{ limit: '10' }], [{ api_key: 'gg_x' }], [null], [{ q: KEY.slice(0, -1) }]])('AUTH-4: %j passes', (query) =>
    expect(adminCredentialInQuery(query, KEY)).toBeNull());
});
