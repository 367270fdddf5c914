import { Notifications } from '../../core/notifications.service';
import { SESSION_INFO, apiKey } from '../testing/admin.fixture';
import { clearOverlays, createAdminHarness, type AdminHarness } from '../testing/admin-harness';
import { issueKeyRequest } from './issue-key-dialog';
import { rotationNotes } from './key-notes';

const FULL_KEY = 'gg_0123456789abcdef_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';

describe('API keys page (AUTH-3)', () => {
  let t: AdminHarness;
  let notifications: { error: ReturnType<typeof vi.fn>; info: ReturnType<typeof vi.fn> };

  beforeEach(async () => {
    notifications = { error: vi.fn(), info: vi.fn() };
    t = await createAdminHarness([{ provide: Notifications, useValue: notifications }]);
  });

  afterEach(() => {
    t.backend.verify({ ignoreCancelled: true });
    clearOverlays();
  });

  async function open(keys = [apiKey()]): Promise<void> {
    void t.harness.navigateByUrl('/admin/api-keys');
    (await t.request('/admin/session')).flush(SESSION_INFO);
    (await t.request('/admin/api-keys')).flush({ keys });
    (await t.request('/admin/access-codes')).flush({ codes: [] });
    (await t.request('/auth/session')).flush({ valid: true, active: true, expires_at: null, access_mode: 'open' });
    await t.until(() => !!t.root().querySelector('table, gg-empty-state'), 'the keys');
  }

  it('lists keys with prefix, scopes, status and last use — never a whole key', async () => {
    await open([apiKey(), apiKey({ id: 'fedcba9876543210', name: 'old', status: 'revoked', prefix: 'gg_fedcba9876543210_ZzZz' })]);
    const rows = Array.from(t.root().querySelectorAll('tbody tr'));
    expect(rows[0]?.textContent).toContain('render script');
    expect(rows[0]?.textContent).toContain('gg_0123456789abcdef_AbCd…');
    expect(rows[0]?.textContent).toContain('generate, read');
    expect(rows[0]?.textContent).toContain('Active');
    expect(rows[0]?.textContent).toContain('Never');
    expect(rows[1]?.textContent).toContain('Revoked');
    expect(rows[1]?.querySelector('button')).toBeNull();
    expect(t.root().textContent).toContain('open mode');
  });

  it('issues a key and shows it once, with a copy button and a warning', async () => {
    await open([]);
    t.button('Issue key').click();
    await t.until(() => !!t.dialog()?.querySelector('form'), 'the issue dialog');
    t.type(t.dialog()!.querySelector<HTMLInputElement>('[formControlName="name"]')!, ' nightly ');
    const days = t.dialog()!.querySelector<HTMLInputElement>('[formControlName="expires_in_days"]')!;
    t.type(days, '30');
    t.dialog()!.querySelector('form')!.dispatchEvent(new Event('submit'));

    const issue = await t.request('/admin/api-keys', 'POST');
    expect(issue.request.body).toEqual({ name: 'nightly', scopes: ['generate', 'read'], expires_in_days: 30 });
    issue.flush({ id: '0123456789abcdef', key: FULL_KEY, prefix: 'gg_0123456789abcdef_AbCd', name: 'nightly', scopes: ['generate', 'read'], created_at: '2026-11-27T09:00:00Z', expires_at: '2026-12-27T09:00:00Z' }, { status: 201, statusText: 'Created' });
    (await t.request('/admin/api-keys')).flush({ keys: [apiKey({ name: 'nightly' })] });

    await t.until(() => !!document.querySelector('[data-secret]'), 'the shown-once dialog');
    const dialog = t.dialog()!;
    expect(dialog.querySelector('[data-secret]')?.textContent).toBe(FULL_KEY);
    expect(dialog.querySelector('[role="alert"]')?.textContent).toContain('This is the only time the API key is shown.');
    expect(t.button('Copy', dialog)).toBeTruthy();
    // Escape or a click outside must not lose the key.
    document.querySelector<HTMLElement>('.cdk-overlay-backdrop')?.click();
    await t.settle();
    expect(document.querySelector('[data-secret]')).not.toBeNull();

    t.button('I have stored it', dialog).click();
    await t.until(() => !document.querySelector('[data-secret]'), 'the dialog to close');
    expect(document.body.innerHTML).not.toContain(FULL_KEY);
  });

  it('asks for at least one scope', async () => {
    await open([]);
    t.button('Issue key').click();
    await t.until(() => !!t.dialog()?.querySelector('form'), 'the issue dialog');
    t.type(t.dialog()!.querySelector<HTMLInputElement>('[formControlName="name"]')!, 'x');
    for (const box of Array.from(t.dialog()!.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'))) box.click();
    await t.settle();
    t.dialog()!.querySelector('form')!.dispatchEvent(new Event('submit'));
    await t.settle();
    expect(t.dialog()!.textContent).toContain('Choose at least one scope.');
    expect(t.backend.match(() => true)).toHaveLength(0);
  });

  it('rotates with the chosen grace period, then shows the new key once and until when the old one works', async () => {
    await open();
    t.button('Rotate render script').click();
    await t.until(() => !!t.dialog()?.querySelector('form'), 'the rotate dialog');
    t.type(t.dialog()!.querySelector<HTMLInputElement>('input')!, '2');
    t.dialog()!.querySelector('form')!.dispatchEvent(new Event('submit'));

    const rotate = await t.request('/admin/api-keys/0123456789abcdef/rotate', 'POST');
    expect(rotate.request.body).toEqual({ grace_hours: 2 });
    const until = new Date(Date.now() + 2 * 3600_000).toISOString();
    rotate.flush({ id: '0123456789abcdef', key: FULL_KEY, prefix: 'gg_0123456789abcdef_AbCd', expires_at: '2027-02-25T09:00:00Z', previous_prefix: 'gg_0123456789abcdef_OLD1', previous_valid_until: until });
    (await t.request('/admin/api-keys')).flush({ keys: [apiKey()] });

    await t.until(() => !!document.querySelector('[data-secret]'), 'the shown-once dialog');
    expect(t.dialog()!.textContent).toContain('The previous secret (gg_0123456789abcdef_OLD1…) keeps working until');
    expect(t.dialog()!.textContent).toContain('(in 2 h)');
  });

  it('revokes after a confirmation with DELETE /admin/api-keys/{id}', async () => {
    await open();
    t.button('Revoke render script').click();
    await t.until(() => !!t.dialog(), 'the confirmation');
    expect(t.dialog()!.textContent).toContain('Every request with gg_0123456789abcdef_AbCd… is refused from now on');
    t.button('Revoke key', t.dialog()!).click();
    (await t.request('/admin/api-keys/0123456789abcdef', 'DELETE')).flush({ revoked: true, id: '0123456789abcdef' });
    (await t.request('/admin/api-keys')).flush({ keys: [apiKey({ status: 'revoked' })] });
    await t.until(() => t.root().textContent!.includes('Revoked'), 'the revoked status');
    expect(notifications.info).toHaveBeenCalledWith('“render script” is revoked.');
  });

  it('AUTH-2: issues an invite access code and shows it once', async () => {
    await open([]);
    t.button('Issue code').click();
    await t.until(() => !!t.dialog()?.querySelector('form'), 'the code dialog');
    t.type(t.dialog()!.querySelector<HTMLInputElement>('[formControlName="label"]')!, 'workshop');
    t.dialog()!.querySelector('form')!.dispatchEvent(new Event('submit'));
    const issue = await t.request('/admin/access-codes', 'POST');
    expect(issue.request.body).toEqual({ label: 'workshop', max_uses: 1, expires_in_hours: 168 });
    issue.flush({ id: 'c1', code: 'ggc_c1_secretsecret', prefix: 'ggc_c1_secr', label: 'workshop', max_uses: 1, expires_at: '2026-12-04T09:00:00Z' });
    (await t.request('/admin/access-codes')).flush({ codes: [] });
    await t.until(() => !!document.querySelector('[data-secret]'), 'the shown-once dialog');
    expect(document.querySelector('[data-secret]')?.textContent).toBe('ggc_c1_secretsecret');
  });
});

describe('API key helpers', () => {
  it('builds the issue body from the form', () => {
    expect(issueKeyRequest({ name: ' a ', generate: false, read: true, expires_in_days: 7 })).toEqual({ name: 'a', scopes: ['read'], expires_in_days: 7 });
  });

  it('explains a grace period of 0 as an immediate stop', () => {
    const now = new Date('2026-11-27T10:00:00Z');
    const notes = rotationNotes({ id: 'x', key: 'k', prefix: 'p', expires_at: '2027-01-01T00:00:00Z', previous_prefix: 'gg_x_OLD1', previous_valid_until: '2026-11-27T10:00:00Z' }, now);
    expect(notes[0]).toBe('The previous secret (gg_x_OLD1…) stopped working immediately.');
  });
});
