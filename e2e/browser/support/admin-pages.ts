import type { Locator, Page } from 'playwright-core';
import { escapeRegExp } from './pages.js';

type AdminScreen = 'Overview' | 'Worker accounts' | 'API keys' | 'Audit log' | 'Task timeline';

/** The admin area (`/admin/...`), by roles and labels. */
export class AdminScreens {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  get keyField(): Locator {
    return this.page.getByRole('textbox', { name: 'Admin key' });
  }

  get nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Admin' });
  }

  get auditEntries(): Locator {
    return this.page.getByRole('table', { name: 'Audit entries, newest first' });
  }

  async signIn(adminKey: string): Promise<void> {
    await this.keyField.fill(adminKey);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.nav.waitFor({ timeout: 20_000 });
  }

  /** Opens a screen from the admin navigation (the context is signed in already). */
  async open(screen: AdminScreen): Promise<void> {
    await this.page.goto(`${this.baseUrl}/admin`);
    await this.nav.getByRole('link', { name: screen, exact: true }).click();
    await this.page.getByRole('heading', { name: screen, level: 1 }).waitFor({ timeout: 20_000 });
  }

  /** A worker account's row, by its label (the row's name starts with it). */
  accountRow(label: string): Locator {
    return this.page.getByRole('row', { name: new RegExp(`^${escapeRegExp(label)}\\b`) });
  }
}
