import { SESSION_INFO, accountsBody, auditEntry, health, sessionRequired } from '../testing/admin.fixture';
import { clearOverlays, createAdminHarness, type AdminHarness } from '../testing/admin-harness';
import { ADMIN_HINT_KEY, safeReturnUrl } from '../shared/admin-session';

const KEY = 'admin-key-that-is-long-enough-0123456789';

describe('Admin sign-in and session (AUTH-4)', () => {
  let t: AdminHarness;

  beforeEach(async () => {
    t = await createAdminHarness();
  });

  afterEach(() => {
    t.backend.verify({ ignoreCancelled: true });
    clearOverlays();
  });

  /** A browser that never signed in: straight to the login page, without asking the server. */
  async function visitSignedOut(url: string): Promise<void> {
    localStorage.removeItem(ADMIN_HINT_KEY);
    void t.harness.navigateByUrl(url);
    await t.until(() => t.router.url.startsWith('/admin/login'), 'the login page');
    expect(t.backend.match('/admin/session')).toHaveLength(0);
  }

  function keyInput(): HTMLInputElement {
    return t.root().querySelector<HTMLInputElement>('input[formControlName="key"]')!;
  }

  async function submitKey(key = KEY): Promise<void> {
    t.type(keyInput(), key);
    t.root().querySelector('form')!.dispatchEvent(new Event('submit'));
    await t.settle(1);
  }

  it('sends an unauthenticated visit to the login page, remembering where it was going', async () => {
    await visitSignedOut('/admin/accounts');

    expect(t.router.url).toBe('/admin/login?returnUrl=%2Fadmin%2Faccounts');
    expect(t.root().querySelector('h1')?.textContent).toContain('Admin sign-in');
    expect(keyInput().type).toBe('password');
    expect(t.root().querySelector('[role="alert"]')).toBeNull();
  });

  it('asks the server when this browser signed in before, and explains an expiry found on arrival', async () => {
    void t.harness.navigateByUrl('/admin/api-keys');
    (await t.request('/admin/session')).flush(sessionRequired('expired').body, sessionRequired().status);
    await t.until(() => t.router.url.startsWith('/admin/login'), 'the login page');

    expect(t.router.url).toBe('/admin/login?returnUrl=%2Fadmin%2Fapi-keys');
    expect(t.root().querySelector('.notice')?.textContent).toContain('reached its 12-hour limit');
    expect(localStorage.getItem(ADMIN_HINT_KEY)).toBeNull();
  });

  it('sends the key once, in the X-Admin-Key header only, clears it at once and stores nothing; then returns where it was going', async () => {
    await visitSignedOut('/admin/accounts');
    await submitKey();

    const login = await t.request('/admin/session', 'POST');
    expect(login.request.headers.get('X-Admin-Key')).toBe(KEY);
    expect(login.request.body).toBeNull();
    expect(login.request.urlWithParams).not.toContain(KEY);
    expect(login.request.withCredentials).toBe(true);
    // Cleared before the answer arrives.
    expect(keyInput().value).toBe('');
    login.flush('', { status: 204, statusText: 'No Content' });
    (await t.request('/admin/session')).flush(SESSION_INFO);
    (await t.request('/admin/accounts')).flush(accountsBody([]));
    await t.until(() => t.router.url === '/admin/accounts', 'the accounts page');

    expect(t.root().querySelector('h1')?.textContent).toContain('Worker accounts');
    // Only the boolean hint is kept; the key is nowhere.
    expect(Object.keys(localStorage)).toEqual([ADMIN_HINT_KEY]);
    expect(localStorage.getItem(ADMIN_HINT_KEY)).toBe('true');
    expect(sessionStorage.length).toBe(0);
    expect(document.body.innerHTML).not.toContain(KEY);
  });

  it('says so when the key is wrong, and keeps the field empty and focused', async () => {
    await visitSignedOut('/admin');
    await submitKey('wrong-key');
    (await t.request('/admin/session', 'POST')).flush(sessionRequired('admin_key_invalid').body, sessionRequired().status);
    await t.until(() => !!t.root().querySelector('.error'), 'the error');

    expect(t.root().querySelector('.error')?.textContent).toContain('That admin key is not right');
    expect(t.router.url).toBe('/admin/login');
    expect(keyInput().value).toBe('');
    expect(document.activeElement).toBe(keyInput());
  });

  it('brings an expired session back to the login with a clear message, then back to the same screen', async () => {
    void t.harness.navigateByUrl('/admin/audit?outcome=denied');
    (await t.request('/admin/session')).flush(SESSION_INFO);
    (await t.request('/admin/audit?outcome=denied&limit=50')).flush(sessionRequired('idle_timeout').body, sessionRequired().status);
    await t.until(() => t.router.url.startsWith('/admin/login'), 'the login page');

    expect(t.router.url).toBe('/admin/login?returnUrl=%2Fadmin%2Faudit%3Foutcome%3Ddenied');
    expect(t.root().querySelector('.notice[role="alert"]')?.textContent).toContain('Your admin session expired after 30 minutes without activity');

    await submitKey();
    (await t.request('/admin/session', 'POST')).flush('', { status: 204, statusText: 'No Content' });
    (await t.request('/admin/session')).flush(SESSION_INFO);
    (await t.request('/admin/audit?outcome=denied&limit=50')).flush({ entries: [auditEntry(1, { outcome: 'denied' })], next_cursor: null });
    await t.until(() => t.router.url === '/admin/audit?outcome=denied', 'the audit page again');
    expect(t.root().querySelector('.notice')).toBeNull();
  });

  it('treats a session_expired answer the same way', async () => {
    void t.harness.navigateByUrl('/admin');
    (await t.request('/admin/session')).flush(SESSION_INFO);
    (await t.request('/admin/health')).flush(
      { code: 'session_expired', detail: 'The session expired.', user_action: 'Sign in again.' },
      { status: 401, statusText: 'Unauthorized' },
    );
    await t.until(() => t.router.url.startsWith('/admin/login'), 'the login page');
    expect(t.root().textContent).toContain('Your admin session expired. Sign in again to continue.');
  });

  it('signs out with DELETE /admin/session', async () => {
    void t.harness.navigateByUrl('/admin');
    (await t.request('/admin/session')).flush(SESSION_INFO);
    (await t.request('/admin/health')).flush(health());
    await t.until(() => !!t.root().querySelector('gg-admin-banner'), 'the dashboard');

    t.button('Sign out').click();
    (await t.request('/admin/session', 'DELETE')).flush('', { status: 204, statusText: 'No Content' });
    await t.until(() => t.router.url === '/admin/login', 'the login page');
    expect(t.root().textContent).toContain('You are signed out.');
    expect(localStorage.getItem(ADMIN_HINT_KEY)).toBeNull();
  });

  it('skips the login page when a session is already live', async () => {
    void t.harness.navigateByUrl('/admin/login?returnUrl=%2Fadmin%2Fapi-keys');
    (await t.request('/admin/session')).flush(SESSION_INFO);
    (await t.request('/admin/api-keys')).flush({ keys: [] });
    t.backend.match('/admin/access-codes').forEach((req) => req.flush({ codes: [] }));
    t.backend.match('/auth/session').forEach((req) => req.flush({ valid: true, active: true, expires_at: null, access_mode: 'open' }));
    await t.until(() => t.router.url === '/admin/api-keys', 'the API keys page');
  });
});

describe('safeReturnUrl', () => {
  it('keeps admin screens and refuses everything else (no open redirect)', () => {
    expect(safeReturnUrl('/admin')).toBe('/admin');
    expect(safeReturnUrl('/admin/audit?actor=x')).toBe('/admin/audit?actor=x');
    expect(safeReturnUrl('/admin?x=1')).toBe('/admin?x=1');
    expect(safeReturnUrl('/admin/login?returnUrl=/admin')).toBeNull();
    expect(safeReturnUrl('/administrator')).toBeNull();
    expect(safeReturnUrl('//evil.example/admin')).toBeNull();
    expect(safeReturnUrl('https://evil.example/admin')).toBeNull();
    expect(safeReturnUrl('/gallery')).toBeNull();
    expect(safeReturnUrl(undefined)).toBeNull();
  });
});
