import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInChromium, launchChromium } from './support/chromium.js';
import { failureShot } from './support/failure.js';
import { PageWatch } from './support/page-watch.js';
import { AdminScreens } from './support/admin-pages.js';
import { clearScreenshots, DESKTOP, screenshotScreen } from './support/screens.js';
import { startProduct, type RunningProduct } from './support/server.js';

/**
 * An admin in Chromium against the product started as in the README: signs in with the key from
 * `<DATA_DIR>/secrets.json`, adds the simulator as a worker account and sees it turn ready, issues an API
 * key (shown once, masked in screenshots), uses and revokes it, reads the audit log and verifies the chain.
 * One browser context = one admin; the scenarios build on each other in order.
 */
describeInChromium('Browser e2e: admin flows (AUTH-3, AUTH-4, ADM-1, ADM-2, AUD-1..3, SC-4)', () => {
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let open: { page: Page; watch: PageWatch }[] = [];

  const run = Date.now().toString(36);
  const accountLabel = `e2e simulator ${run}`;
  const keyName = `e2e nightly script ${run}`;
  let apiKey: string | undefined;
  let keyId: string | undefined;
  let accountId: string | undefined;
  let secrets: { adminKey: string; simulatorToken: string };

  beforeAll(async () => {
    clearScreenshots('admin');
    product = await startProduct({ name: 'admin' });
    secrets = product.secrets();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP });
  }, 240_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await product?.stop();
  }, 30_000);

  afterEach(async () => {
    await Promise.all(open.map(({ page }) => page.close().catch(() => undefined)));
    open = [];
  });

  async function newPage(): Promise<{ page: Page; watch: PageWatch; admin: AdminScreens }> {
    const page = await context.newPage();
    const entry = { page, watch: new PageWatch(page) };
    open.push(entry);
    return { ...entry, admin: new AdminScreens(page, product.url) };
  }

  function scenario(name: string, body: () => Promise<void>, timeout = 60_000): void {
    it(name, async () => {
      try {
        await body();
      } catch (error) {
        await failureShot('admin', name, open.map((entry) => entry.page));
        throw error;
      }
    }, timeout);
  }

  /** An API call from outside the browser (a script with an API key; no cookies). */
  async function callWithKey(key: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${product.url}${path}`, { headers: { 'X-API-Key': key } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** No secret value anywhere in the page's DOM (AUD-5), the once-shown key included once its dialog is gone. */
  async function expectNoSecretsIn(page: Page): Promise<void> {
    const html = await page.content();
    for (const [name, value] of Object.entries({ adminKey: secrets.adminKey, simulatorToken: secrets.simulatorToken, apiKey: apiKey ?? '' })) {
      if (value) expect({ name, found: html.includes(value) }).toEqual({ name, found: false });
    }
  }

  scenario('AUTH-4: /admin asks for the admin key; a wrong key is refused, the right one opens the overview', async () => {
    const { page, watch, admin } = await newPage();
    // Signed out, the app asks the server whether an admin session exists: 401 is the answer it expects.
    watch.allow(401, /\/admin\/session$/, 'GET');
    await page.goto(`${product.url}/admin`);
    await page.waitForURL(/\/admin\/login/);
    await admin.keyField.waitFor();
    await screenshotScreen(page, 'admin-01-sign-in');

    watch.allow(401, /\/admin\/session$/, 'POST');
    await admin.keyField.fill('not-the-admin-key-0123456789abcdef');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That admin key is not right' }).waitFor();
    expect(page.url()).toMatch(/\/admin\/login/);

    await admin.signIn(secrets.adminKey);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    // The key is not kept in the form, in storage or in a readable cookie; the session cookie is HttpOnly.
    expect(await admin.keyField.count()).toBe(0);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored.includes(secrets.adminKey)).toBe(false);
    const cookie = (await context.cookies(product.url)).find((entry) => entry.name === 'gg_admin_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.getByRole('status').filter({ hasText: 'All systems healthy' }).waitFor({ timeout: 15_000 });
    await screenshotScreen(page, 'admin-02-overview');
    await expectNoSecretsIn(page);
    expect(watch.take()).toEqual([]);
  });

  scenario('ADM-1, ADM-2, SC-4: an added simulator account turns ready within 5 s and stays ready after a reload', async () => {
    const { page, watch, admin } = await newPage();
    await admin.open('Worker accounts');
    await page.getByRole('button', { name: 'Add account' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a worker account' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: 'HTTP worker / simulator' }).check();
    await dialog.getByRole('textbox', { name: 'Label' }).fill(accountLabel);
    await dialog.getByRole('textbox', { name: 'Base URL' }).fill(product.simulatorUrl);
    const token = dialog.getByRole('textbox', { name: 'Token' });
    await token.fill(secrets.simulatorToken);
    expect(await token.getAttribute('type')).toBe('password');
    expect(await dialog.getByRole('checkbox', { name: 'Deploy and health-check right after adding' }).isChecked()).toBe(true);
    await screenshotScreen(page, 'admin-03-add-account', { mask: [token] });

    const [created] = await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === '/admin/accounts' && response.request().method() === 'POST'),
      dialog.getByRole('button', { name: 'Add account' }).click(),
    ]);
    const added = Date.now();
    expect(created.status()).toBe(201);
    const account = (await created.json()) as Record<string, unknown>;
    accountId = String(account['id']);
    expect(JSON.stringify(account)).not.toContain(secrets.simulatorToken); // ADM-1: never returned
    await dialog.waitFor({ state: 'detached' });
    const row = admin.accountRow(accountLabel);
    await row.waitFor();
    await row.getByText('Ready', { exact: true }).waitFor({ timeout: 15_000 });
    const readyAfterMs = Date.now() - added;
    expect(readyAfterMs).toBeLessThan(5_000 + 2_000); // SC-4: within 5 s of adding (plus slack for a loaded CI box)
    await expect(row.getByText(product.simulatorUrl).count()).resolves.toBeGreaterThan(0);
    await screenshotScreen(page, 'admin-04-accounts-ready');

    await page.reload();
    await admin.accountRow(accountLabel).getByText('Ready', { exact: true }).waitFor();
    await expectNoSecretsIn(page);
    expect(watch.take()).toEqual([]);
  });

  scenario('AUTH-3: an API key is issued and shown once (masked here), works over HTTP, then is revoked and refused', async () => {
    const { page, watch, admin } = await newPage();
    await admin.open('API keys');
    await page.getByRole('button', { name: 'Issue key' }).first().click();
    const form = page.getByRole('dialog', { name: 'Issue an API key' });
    await form.waitFor();
    await form.getByRole('textbox', { name: 'Name' }).fill(keyName);
    expect(await form.getByRole('checkbox', { name: /^generate/ }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: /^read/ }).isChecked()).toBe(true);
    await form.getByRole('spinbutton', { name: 'Expires after (days)' }).fill('7');
    const [issued] = await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === '/admin/api-keys' && response.request().method() === 'POST'),
      form.getByRole('button', { name: 'Issue key' }).click(),
    ]);
    expect(issued.status()).toBe(201);
    keyId = ((await issued.json()) as { id: string }).id;

    const shown = page.getByRole('dialog', { name: `API key “${keyName}”` });
    await shown.waitFor();
    const secret = shown.getByLabel('The new API key');
    apiKey = (await secret.textContent())!.trim();
    expect(apiKey).toMatch(/^gg_[A-Za-z0-9_-]+$/);
    await shown.getByText('This is the only time the API key is shown.').waitFor();
    // Never a secret in a screenshot: blurred in the page and painted over by the screenshot as well.
    await page.addStyleTag({ content: '[data-secret] { filter: blur(12px) !important; color: transparent !important; text-shadow: 0 0 12px #000 !important; }' });
    await screenshotScreen(page, 'admin-05-api-key-shown-once', { mask: [secret] });
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await shown.waitFor({ state: 'detached' });
    await expectNoSecretsIn(page);

    const keyRow = page.getByRole('row', { name: new RegExp(keyName) });
    await keyRow.getByText('Active', { exact: true }).waitFor();
    expect(await callWithKey(apiKey, '/gallery')).toMatchObject({ status: 200 });

    await page.getByRole('button', { name: `Revoke ${keyName}` }).click();
    const confirm = page.getByRole('alertdialog', { name: `Revoke “${keyName}”?` });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await keyRow.getByText('Revoked', { exact: true }).waitFor();
    await expect(page.getByRole('button', { name: `Revoke ${keyName}` }).count()).resolves.toBe(0);
    await screenshotScreen(page, 'admin-06-api-keys-revoked');
    // Refused from the next request on, with the one AUTH-5 code.
    expect(await callWithKey(apiKey, '/gallery')).toMatchObject({ status: 401, body: { code: 'invalid_api_key' } });
    expect(watch.take()).toEqual([]);
  });

  scenario('AUD-1, AUD-2, AUD-3: the audit log shows the sign-in and the key issued and revoked; "Verify chain" says intact', async () => {
    if (!keyId) throw new Error('needs the key of the earlier scenario');
    const { page, watch, admin } = await newPage();
    await admin.open('Audit log');
    await admin.auditEntries.waitFor();
    for (const action of ['admin_session_create', 'api_key_issue', 'api_key_revoke']) {
      await page.getByRole('button', { name: `Show only action ${action}` }).first().waitFor();
    }
    // The key's two entries name it as their target.
    const keyEntries = page.getByRole('row').filter({ hasText: `api_key:${keyId}` });
    await expect(keyEntries.count()).resolves.toBe(2);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByRole('status').filter({ hasText: 'The event log is intact' }).waitFor({ timeout: 30_000 });
    await screenshotScreen(page, 'admin-07-audit-verified');

    // Filtering by an action (AUD-2) leaves only that action.
    await page.getByRole('button', { name: 'Show only action api_key_revoke' }).first().click();
    await page.waitForURL(/action=api_key_revoke/);
    await page.getByRole('button', { name: 'Show only action api_key_issue' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Show only action api_key_revoke' }).first().waitFor();
    await expectNoSecretsIn(page);
    expect(watch.take()).toEqual([]);
  });

  it('AUD-1: adding a worker account and its deploy are on the audit trail', async () => {
    if (!accountId) throw new Error('needs the account of the earlier scenario');
    const { admin } = await newPage();
    await admin.open('Audit log');
    await admin.auditEntries.waitFor();
    const response = await admin.page.evaluate(async () => (await fetch('/admin/audit?limit=200', { credentials: 'include' })).json());
    const entries = (response as { entries: { action: string; target: string; details: unknown }[] }).entries;
    const aboutTheAccount = entries.filter((entry) => JSON.stringify(entry).includes(accountId!));
    expect(aboutTheAccount.map((entry) => entry.action)).toEqual(expect.arrayContaining(['account_create', 'account_deploy_start', 'account_ready']));
  }, 60_000);
});
