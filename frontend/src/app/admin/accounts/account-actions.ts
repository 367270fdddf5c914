import type { ConfirmDialogData } from '../../shared/confirm-dialog';
import type { AccountAction, AccountStatus, WorkerAccount } from '../shared/admin-api.types';

export type RowAction = AccountAction | 'budget' | 'delete';

export interface ActionOption {
  readonly action: RowAction;
  readonly label: string;
  /** Destructive: shown apart and confirmed first. */
  readonly danger: boolean;
}

const BUSY: readonly AccountStatus[] = ['deploying', 'checking'];

/**
 * The row menu for an account's state. Offers what the transition table allows (ADM-2) and hides
 * what would be a no-op; the server stays the judge and answers 409 `illegal_transition` otherwise.
 */
export function actionsFor(account: WorkerAccount): ActionOption[] {
  const status = account.status;
  const options: ActionOption[] = [];
  if (status !== 'deploying') options.push({ action: 'deploy', label: status === 'pending' ? 'Deploy' : 'Redeploy', danger: false });
  if (!BUSY.includes(status)) options.push({ action: 'health-check', label: 'Run health check', danger: false });
  if (status === 'disabled' || status === 'failed') options.push({ action: 'enable', label: 'Enable', danger: false });
  options.push({ action: 'budget', label: account.monthly_budget_usd === null ? 'Set budget…' : 'Change budget…', danger: false });
  if (status !== 'disabled') options.push({ action: 'disable', label: 'Disable', danger: true });
  options.push({ action: 'delete', label: 'Delete…', danger: true });
  return options;
}

/** The question asked before an action, or null when it needs none. */
export function confirmationFor(account: WorkerAccount, action: RowAction): ConfirmDialogData | null {
  const name = `“${account.label}”`;
  switch (action) {
    case 'delete':
      return {
        title: `Delete ${name}?`,
        message: 'Its stored credentials are destroyed and it leaves the rotation for good. Its history stays in the event log. This cannot be undone.',
        confirm: 'Delete account',
      };
    case 'disable':
      return {
        title: `Disable ${name}?`,
        message: 'No new task is sent to it until you enable it again. Tasks already running on it finish.',
        confirm: 'Disable',
      };
    case 'deploy':
      return account.status === 'ready'
        ? {
            title: `Redeploy ${name}?`,
            message: 'It leaves the rotation while it deploys and comes back when its health check passes.',
            confirm: 'Redeploy',
          }
        : null;
    case 'health-check':
    case 'enable':
    case 'budget':
      return null;
  }
}

/** What the admin is told once the server accepted an action. */
export function doneMessage(account: WorkerAccount, action: RowAction): string {
  switch (action) {
    case 'deploy':
      return `Deploying ${account.label}…`;
    case 'health-check':
      return `Checking ${account.label}…`;
    case 'enable':
      return `Enabling ${account.label}: health check started.`;
    case 'disable':
      return `${account.label} is disabled.`;
    case 'budget':
      return `Budget of ${account.label} saved.`;
    case 'delete':
      return `${account.label} was deleted.`;
  }
}

/** Poll fast while something is changing (ADM-4, SC-4), slowly otherwise; both far under 120 requests/min. */
export function accountsPollDelay(accounts: readonly WorkerAccount[] | undefined): number {
  return accounts?.some((account) => BUSY.includes(account.status)) ? 2_000 : 10_000;
}
