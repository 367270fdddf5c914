import { Notifications } from '../../core/notifications.service';
import { ApiError } from '../../core/api-error';
import type { AccountStatus, WorkerAccount } from '../shared/admin-api.types';
import { SESSION_INFO, account, accountsBody } from '../testing/admin.fixture';
import { clearOverlays, createAdminHarness, type AdminHarness } from '../testing/admin-harness';
import { accountsPollDelay, actionsFor } from './account-actions';

describe('Worker accounts page (ADM-1..4)', () => {
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

  async function open(accounts: WorkerAccount[]): Promise<void> {
    void t.harness.navigateByUrl('/admin/accounts');
    (await t.request('/admin/session')).flush(SESSION_INFO);
    (await t.request('/admin/accounts')).flush(accountsBody(accounts));
    await t.until(() => !!t.root().querySelector('table, gg-empty-state'), 'the accounts');
  }

  function row(status: AccountStatus): HTMLTableRowElement {
    return t.root().querySelector<HTMLTableRowElement>(`tr[data-status="${status}"]`)!;
  }

  async function choose(target: WorkerAccount, label: string): Promise<void> {
    t.button(`Actions for ${target.label}`).click();
    await t.until(() => !!document.querySelector('.mat-mdc-menu-panel'), 'the menu');
    t.button(label, document.querySelector('.mat-mdc-menu-panel')!).click();
    await t.settle();
  }

  it('ADM-2: shows every state as its own badge, in words and colour', async () => {
    const statuses: AccountStatus[] = ['pending', 'deploying', 'checking', 'ready', 'failed', 'disabled'];
    await open(statuses.map((status) => account(status)));

    const badges = statuses.map((status) => row(status).querySelector('gg-admin-badge')!);
    expect(badges.map((b) => b.textContent?.trim())).toEqual(['Pending', 'Deploying', 'Checking', 'Ready', 'Failed', 'Disabled']);
    const tones = badges.map((b) => Array.from(b.classList).find((c) => c.startsWith('tone-')));
    expect(new Set(tones).size).toBe(6);
    expect(badges[1]?.classList).toContain('busy');
    expect(row('failed').textContent).toContain('health check timed out');
    expect(row('failed').textContent).toContain('Retries');
    expect(row('ready').textContent).toContain('simulator-dev');
    expect(row('ready').textContent).toContain('flux, pony');
    expect(row('ready').textContent).toContain('12 tasks');
    expect(t.root().textContent).toContain('Live · every 2 s');
  });

  it('ADM-3: shows this month’s cost against the budget', async () => {
    await open([account('ready', { monthly_budget_usd: 1, over_budget: true, counters: { ...account('ready').counters, estimated_cost_this_month_usd: 1.25 } })]);
    const cell = row('ready').querySelector('td[data-label="This month"]')!;
    expect(cell.textContent).toContain('$1.25');
    expect(cell.textContent).toContain('of $1.00');
    expect(cell.textContent).toContain('Over budget');
    expect(cell.querySelector('[role="img"]')?.getAttribute('aria-label')).toBe('100% of the monthly budget used');
  });

  it('offers the actions the state allows', () => {
    const labels = (status: AccountStatus) => actionsFor(account(status)).map((o) => o.action);
    expect(labels('pending')).toEqual(['deploy', 'health-check', 'budget', 'disable', 'delete']);
    expect(labels('deploying')).toEqual(['budget', 'disable', 'delete']);
    expect(labels('failed')).toEqual(['deploy', 'health-check', 'enable', 'budget', 'disable', 'delete']);
    expect(labels('disabled')).toEqual(['deploy', 'health-check', 'enable', 'budget', 'delete']);
  });

  it('SC-4: polls every 2 s while an account deploys or checks, every 10 s otherwise', () => {
    expect(accountsPollDelay([account('ready'), account('checking')])).toBe(2_000);
    expect(accountsPollDelay([account('deploying')])).toBe(2_000);
    expect(accountsPollDelay([account('ready'), account('failed')])).toBe(10_000);
    expect(accountsPollDelay(undefined)).toBe(10_000);
  });

  it('ADM-1: health-check calls POST /admin/accounts/{id}/health-check and shows the answer at once', async () => {
    const ready = account('ready');
    await open([ready]);
    await choose(ready, 'Run health check');

    const req = await t.request('/admin/accounts/acc-ready/health-check', 'POST');
    req.flush({ ...ready, status: 'checking' });
    await t.until(() => !!row('checking'), 'the checking row');
    expect(row('checking').querySelector('gg-admin-badge')?.textContent?.trim()).toBe('Checking');
    expect(notifications.info).toHaveBeenCalledWith('Checking Worker ready…');
  });

  it('ADM-4: deploy calls POST …/deploy and opens the live deploy log', async () => {
    const pending = account('pending');
    await open([pending]);
    await choose(pending, 'Deploy');

    (await t.request('/admin/accounts/acc-pending/deploy', 'POST')).flush({
      ...pending,
      kind: 'modal',
      status: 'deploying',
      deploy_log: [{ at: '2026-11-27T09:00:01.000Z', step: 'modal_deploy', attempt: 1, outcome: 'failed', message: 'rate limited, retrying' }],
    });
    await t.until(() => !!t.root().querySelector('gg-account-detail'), 'the detail panel');
    const detail = t.root().querySelector('gg-account-detail')!;
    expect(detail.textContent).toContain('Live');
    expect(detail.textContent).toContain('modal deploy');
    expect(detail.textContent).toContain('rate limited, retrying');
    expect(t.root().querySelector('button[aria-controls="detail-acc-pending"]')?.getAttribute('aria-expanded')).toBe('true');
  });

  it('disable and delete ask first, then call their endpoints', async () => {
    const ready = account('ready');
    await open([ready]);

    await choose(ready, 'Disable');
    await t.until(() => !!t.dialog(), 'the confirmation');
    expect(t.dialog()?.textContent).toContain('Disable “Worker ready”?');
    t.button('Cancel', t.dialog()!).click();
    await t.settle();
    expect(t.backend.match(() => true)).toHaveLength(0);

    await choose(ready, 'Disable');
    await t.until(() => !!t.dialog(), 'the confirmation');
    t.button('Disable', t.dialog()!).click();
    (await t.request('/admin/accounts/acc-ready/disable', 'POST')).flush({ ...ready, status: 'disabled' });
    await t.until(() => !!row('disabled'), 'the disabled row');

    await choose({ ...ready, status: 'disabled' }, 'Delete…');
    await t.until(() => !!t.dialog(), 'the confirmation');
    expect(t.dialog()?.textContent).toContain('credentials are destroyed');
    t.button('Delete account', t.dialog()!).click();
    (await t.request('/admin/accounts/acc-ready', 'DELETE')).flush({ deleted: true, id: 'acc-ready' });
    await t.until(() => !!t.root().querySelector('gg-empty-state'), 'the empty state');
  });

  it('sets a budget with POST …/budget', async () => {
    const ready = account('ready');
    await open([ready]);
    await choose(ready, 'Set budget…');
    await t.until(() => !!t.dialog(), 'the budget dialog');
    t.type(t.dialog()!.querySelector('input')!, '50');
    t.dialog()!.querySelector('form')!.dispatchEvent(new Event('submit'));

    const req = await t.request('/admin/accounts/acc-ready/budget', 'POST');
    expect(req.request.body).toEqual({ monthly_budget_usd: 50 });
    req.flush({ ...ready, monthly_budget_usd: 50 });
    await t.until(() => row('ready').textContent!.includes('of $50.00'), 'the new budget');
  });

  it('ADM-2: shows the server’s words for an illegal transition (409)', async () => {
    const failed = account('failed');
    await open([failed]);
    await choose(failed, 'Enable');

    (await t.request('/admin/accounts/acc-failed/enable', 'POST')).flush(
      { code: 'illegal_transition', detail: 'Account acc-failed cannot go from deploying to checking.', user_action: 'Only a disabled or failed account can be enabled.', metadata: { from: 'deploying', to: 'checking' } },
      { status: 409, statusText: 'Conflict' },
    );
    await t.until(() => notifications.error.mock.calls.length > 0, 'the error');
    const error = notifications.error.mock.calls[0]![0] as ApiError;
    expect(error.code).toBe('illegal_transition');
    expect(error.message).toBe('Account acc-failed cannot go from deploying to checking. Only a disabled or failed account can be enabled.');
    // The list is read again, since the account moved on.
    (await t.request('/admin/accounts')).flush(accountsBody([{ ...failed, status: 'deploying' }]));
  });

  it('shows an empty state that invites adding an account', async () => {
    await open([]);
    expect(t.root().textContent).toContain('No worker accounts yet');
    expect(t.button('Add account', t.root().querySelector('gg-empty-state')!)).toBeTruthy();
  });
});
