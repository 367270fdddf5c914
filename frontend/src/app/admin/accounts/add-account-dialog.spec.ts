import { TestBed } from '@angular/core/testing';
import { MatDialog, type MatDialogRef } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

import { account } from '../testing/admin.fixture';
import { clearOverlays, createAdminHarness, type AdminHarness } from '../testing/admin-harness';
import { httpUrlValidator, toNewAccount, type AccountFormValue } from './account-form';
import { AddAccountDialog, type AddAccountResult } from './add-account-dialog';

const TOKEN = 'simulator-token-0123456789abcdef';

describe('Add-account dialog (ADM-1, SEC-3)', () => {
  let t: AdminHarness;
  let ref: MatDialogRef<AddAccountDialog, AddAccountResult>;

  beforeEach(async () => {
    t = await createAdminHarness();
    ref = TestBed.inject(MatDialog).open(AddAccountDialog);
    await t.until(() => !!t.dialog()?.querySelector('form'), 'the dialog');
  });

  afterEach(() => {
    t.backend.verify({ ignoreCancelled: true });
    clearOverlays();
  });

  function field(name: string): HTMLInputElement {
    return t.dialog()!.querySelector<HTMLInputElement>(`[formControlName="${name}"]`)!;
  }

  function errors(): string[] {
    return Array.from(t.dialog()!.querySelectorAll('mat-error')).map((e) => e.textContent!.trim()).filter(Boolean);
  }

  async function submit(): Promise<void> {
    t.dialog()!.querySelector('form')!.dispatchEvent(new Event('submit'));
    await t.settle();
  }

  async function chooseModal(): Promise<void> {
    Array.from(t.dialog()!.querySelectorAll<HTMLButtonElement>('mat-button-toggle button')).find((b) => b.textContent?.includes('Modal'))!.click();
    await t.settle();
  }

  it('checks the fields before sending anything', async () => {
    await submit();
    expect(errors()).toEqual(['Enter the label.', 'Enter the base url.', 'Enter the token.']);
    expect(document.activeElement).toBe(field('label'));

    t.type(field('label'), 'Sim');
    t.type(field('base_url'), 'http://127.0.0.1:18101/?token=x');
    t.type(field('token'), 'short');
    await submit();
    expect(errors()).toEqual(['An http:// or https:// address without user, query or fragment.', 'At least 16 characters.']);
    expect(t.backend.match(() => true)).toHaveLength(0);
  });

  it('SEC-3: checks the Modal workspace name and that proxy key and secret come together', async () => {
    await chooseModal();
    t.type(field('label'), 'GPU');
    t.type(field('workspace'), 'Bad_Name');
    t.type(field('token_id'), 'ak-1234');
    t.type(field('token_secret'), 'as-5678');
    t.type(field('proxy_key'), 'wk-1234');
    await submit();
    expect(errors()).toEqual(['Use 3–64 lowercase letters, digits or hyphens.', 'Give both the proxy key and the proxy secret, or neither.']);
    expect(t.backend.match(() => true)).toHaveLength(0);
  });

  it('sends only the chosen kind’s fields, then starts the deploy', async () => {
    const closed = firstValueFrom(ref.afterClosed());
    t.type(field('label'), '  Simulator  ');
    t.type(field('base_url'), 'http://127.0.0.1:18101');
    t.type(field('token'), TOKEN);
    await submit();

    const create = await t.request('/admin/accounts', 'POST');
    expect(create.request.body).toEqual({ kind: 'http', label: 'Simulator', base_url: 'http://127.0.0.1:18101', token: TOKEN });
    const created = account('pending', { id: 'acc-new', label: 'Simulator' });
    create.flush(created, { status: 201, statusText: 'Created' });
    (await t.request('/admin/accounts/acc-new/deploy', 'POST')).flush({ ...created, status: 'deploying' }, { status: 202, statusText: 'Accepted' });

    const result = await closed;
    expect(result?.account.id).toBe('acc-new');
    expect(result?.deploy).toEqual({ started: true, account: { ...created, status: 'deploying' } });
  });

  it('maps the server’s 422 field errors onto the fields, and the rest above the buttons', async () => {
    t.type(field('label'), 'Sim');
    t.type(field('base_url'), 'http://127.0.0.1:18101');
    t.type(field('token'), TOKEN);
    await submit();

    (await t.request('/admin/accounts', 'POST')).flush(
      {
        code: 'validation_error',
        detail: 'The account is not valid.',
        user_action: 'Fix the listed fields and submit again.',
        metadata: { fields: [{ field: 'base_url', code: 'invalid', message: 'base_url must be an http(s) URL without credentials, query or fragment' }, { field: 'extra', code: 'unknown_field', message: 'extra is not an account field' }] },
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await t.until(() => errors().length > 0, 'the field error');
    expect(errors()).toEqual(['base_url must be an http(s) URL without credentials, query or fragment']);
    expect(t.dialog()!.querySelector('.form-error')?.textContent).toContain('extra is not an account field');
    await t.until(() => document.activeElement === field('base_url'), 'focus on the field');
    // Editing the field clears the server's complaint.
    t.type(field('base_url'), 'http://127.0.0.1:18102');
    await t.settle();
    expect(errors()).toEqual([]);
  });

  it('a failure without field details is shown as the server said it', async () => {
    t.type(field('label'), 'Sim');
    t.type(field('base_url'), 'http://127.0.0.1:18101');
    t.type(field('token'), TOKEN);
    await submit();
    (await t.request('/admin/accounts', 'POST')).flush(
      { code: 'worker_target_refused', detail: 'That address is not allowed.', user_action: 'Use a registered worker URL.' },
      { status: 400, statusText: 'Bad Request' },
    );
    await t.until(() => !!t.dialog()!.querySelector('.form-error'), 'the form error');
    expect(t.dialog()!.querySelector('.form-error')?.textContent).toBe('That address is not allowed. Use a registered worker URL.');
  });
});

describe('account form helpers', () => {
  const base: AccountFormValue = {
    kind: 'modal', label: ' GPU ', base_url: 'ignored', token: 'ignored', workspace: ' my-team ', token_id: 'ak-1', token_secret: 'as-1',
    proxy_key: '', proxy_secret: '', monthly_budget_usd: 25,
  };

  it('builds a Modal body without empty optional fields', () => {
    expect(toNewAccount(base)).toEqual({ kind: 'modal', label: 'GPU', workspace: 'my-team', token_id: 'ak-1', token_secret: 'as-1', monthly_budget_usd: 25 });
    expect(toNewAccount({ ...base, proxy_key: 'wk-1', proxy_secret: 'ws-1', monthly_budget_usd: null })).toEqual({
      kind: 'modal', label: 'GPU', workspace: 'my-team', token_id: 'ak-1', token_secret: 'as-1', proxy_key: 'wk-1', proxy_secret: 'ws-1',
    });
  });

  it('accepts only plain http(s) worker URLs', () => {
    const check = (value: string) => httpUrlValidator({ value } as never);
    expect(check('http://127.0.0.1:18101')).toBeNull();
    expect(check('https://worker.example/api')).toBeNull();
    expect(check('ftp://worker.example')).toEqual({ httpUrl: true });
    expect(check('https://user:pw@worker.example')).toEqual({ httpUrl: true });
    expect(check('https://worker.example/#x')).toEqual({ httpUrl: true });
    expect(check('not a url')).toEqual({ httpUrl: true });
  });
});
