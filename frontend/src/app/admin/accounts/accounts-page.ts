import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom } from 'rxjs';

import { Notifications } from '../../core/notifications.service';
import { EmptyState } from '../../shared/empty-state';
import { Icon } from '../../shared/icon';
import { AdminApi } from '../shared/admin-api';
import type { AccountsResponse, WorkerAccount } from '../shared/admin-api.types';
import { AdminBadge } from '../shared/admin-badge';
import { AdminBanner } from '../shared/admin-banner';
import { AdminDialogs } from '../shared/admin-dialogs';
import { accountBadge, formatCount, formatRelative, formatUsd } from '../shared/admin-format';
import { AdminIcon } from '../shared/admin-icon';
import { AdminPageHeader } from '../shared/admin-page-header';
import { liveQuery } from '../shared/live-query';
import { formatDuration } from '../../shared/format';
import { AccountDetail } from './account-detail';
import { accountsPollDelay, actionsFor, confirmationFor, doneMessage, type RowAction } from './account-actions';
import { AddAccountDialog, type AddAccountResult } from './add-account-dialog';
import { BudgetDialog, type BudgetDialogData, type BudgetDialogResult } from './budget-dialog';

/**
 * ADM-1..4: the worker accounts with their state, usage and budget, kept live (every 2 s while one
 * deploys or checks, every 10 s otherwise), with add, deploy, health-check, enable, disable, budget and
 * delete. A ready account shows as ready within one poll of its health check (SC-4).
 */
@Component({
  selector: 'gg-accounts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatMenuModule, MatProgressBarModule, EmptyState, Icon, AccountDetail, AdminBadge, AdminBanner, AdminIcon, AdminPageHeader],
  templateUrl: './accounts-page.html',
  styleUrl: './accounts-page.scss',
})
export class AccountsPage {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly dialogs = inject(AdminDialogs);
  private readonly notifications = inject(Notifications);

  protected readonly query = liveQuery<AccountsResponse>({
    load: () => this.api.accounts(),
    every: (value) => accountsPollDelay(value?.accounts),
  });
  protected readonly accounts = computed(() => this.query.value()?.accounts ?? []);
  protected readonly live = computed(() => accountsPollDelay(this.accounts()) < 10_000);
  /** Accounts whose detail row is open. */
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  /** Accounts with an action in flight. */
  protected readonly busy = signal<ReadonlySet<string>>(new Set());

  protected readonly badge = accountBadge;
  protected readonly actionsFor = actionsFor;
  protected readonly usd = formatUsd;
  protected readonly count = formatCount;
  protected readonly relative = formatRelative;

  protected gpuTime(seconds: number): string {
    return seconds > 0 ? formatDuration(seconds) : '0 s';
  }

  protected budgetShare(account: WorkerAccount): number | null {
    const budget = account.monthly_budget_usd;
    if (budget === null || budget <= 0) return null;
    return Math.min(100, Math.round((account.counters.estimated_cost_this_month_usd / budget) * 100));
  }

  protected isOpen(id: string): boolean {
    return this.expanded().has(id);
  }

  protected toggle(id: string): void {
    this.expanded.update((open) => toggled(open, id, !open.has(id)));
  }

  protected async add(): Promise<void> {
    const ref = this.dialog.open<AddAccountDialog, void, AddAccountResult>(AddAccountDialog, { width: '560px', maxWidth: 'calc(100vw - 32px)', autoFocus: 'first-tabbable' });
    const result = await firstValueFrom(ref.afterClosed());
    if (!result) return;
    this.upsert(result.deploy.started ? result.deploy.account : result.account);
    if (result.deploy.started) {
      this.expanded.update((open) => toggled(open, result.account.id, true));
      this.notifications.info(`${result.account.label} added. Deploying…`);
    } else if (result.deploy.error) {
      this.notifications.error(result.deploy.error);
    } else {
      this.notifications.info(`${result.account.label} added. Deploy it when you are ready.`);
    }
  }

  protected async run(account: WorkerAccount, action: RowAction): Promise<void> {
    const question = confirmationFor(account, action);
    if (question && !(await this.dialogs.confirm(question))) return;
    let budget: BudgetDialogResult | undefined;
    if (action === 'budget') {
      const data: BudgetDialogData = { label: account.label, current: account.monthly_budget_usd, spentThisMonth: account.counters.estimated_cost_this_month_usd };
      budget = await firstValueFrom(this.dialog.open<BudgetDialog, BudgetDialogData, BudgetDialogResult>(BudgetDialog, { data, maxWidth: 'calc(100vw - 32px)' }).afterClosed());
      if (!budget) return;
    }
    this.busy.update((set) => toggled(set, account.id, true));
    try {
      if (action === 'delete') {
        await firstValueFrom(this.api.deleteAccount(account.id));
        this.remove(account.id);
      } else if (action === 'budget') {
        this.upsert(await firstValueFrom(this.api.setBudget(account.id, budget!.monthly_budget_usd)));
      } else {
        this.upsert(await firstValueFrom(this.api.accountAction(account.id, action)));
        if (action === 'deploy') this.expanded.update((open) => toggled(open, account.id, true));
      }
      this.notifications.info(doneMessage(account, action));
    } catch (error: unknown) {
      // 409 illegal_transition and every other refusal: the server's own words.
      this.notifications.error(error);
      void this.query.refresh();
    } finally {
      this.busy.update((set) => toggled(set, account.id, false));
    }
  }

  private upsert(account: WorkerAccount): void {
    const current = this.query.value();
    if (!current) return void this.query.refresh();
    const exists = current.accounts.some((a) => a.id === account.id);
    const accounts = exists ? current.accounts.map((a) => (a.id === account.id ? account : a)) : [...current.accounts, account];
    this.query.set({ ...current, accounts });
  }

  private remove(id: string): void {
    const current = this.query.value();
    if (current) this.query.set({ ...current, accounts: current.accounts.filter((a) => a.id !== id) });
    this.expanded.update((open) => toggled(open, id, false));
  }
}

function toggled(set: ReadonlySet<string>, id: string, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}
