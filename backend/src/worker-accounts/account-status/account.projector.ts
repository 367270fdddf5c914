import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { ACCOUNT_EVENT_TYPES, type AccountEvent } from '../../../../contracts/events/account-events.js';
import type { TaskEvent } from '../../../../contracts/events/task-events.js';
import type { RecordedEvent } from '../../platform/event-store/event-store.port.js';
import { AsProjector } from '../../platform/projections/as-projector.js';
import { bulkUpsert } from '../../platform/projections/bulk-upsert.js';
import { chunk, type Projector } from '../../platform/projections/projector.js';
import { AccountEntity, AccountTaskLinkEntity } from './account.entity.js';

const TASK_TYPES = ['TaskDispatched', 'TaskDispatchFailed', 'TaskStarted', 'TaskCompleted', 'TaskFailed', 'TaskExpired', 'TaskCanceled'];
const DEPLOY_LOG_SIZE = 20;

/**
 * The worker_accounts read model (ADM-1..5): status, health, deploy log, and counters (tasks, failures,
 * GPU seconds, estimated cost this month) charged from task events. Every row remembers the global
 * position it has applied, so replays change nothing.
 */
@AsProjector()
@Injectable()
export class AccountProjector implements Projector {
  readonly name = 'worker-accounts';
  readonly version = 1;
  readonly handles = [...ACCOUNT_EVENT_TYPES, ...TASK_TYPES];
  readonly tables = [AccountEntity, AccountTaskLinkEntity];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const taskIds = new Set<string>();
    const accountIds = new Set<string>();
    for (const event of events) {
      const data = event.data as { account_id?: string; task_id?: string };
      if (data.account_id) accountIds.add(data.account_id);
      if (data.task_id) taskIds.add(data.task_id);
    }
    const links = new Map<string, AccountTaskLinkEntity>();
    for (const part of chunk([...taskIds], 500)) {
      for (const link of await manager.findBy(AccountTaskLinkEntity, { taskId: In(part) })) {
        links.set(link.taskId, link);
        accountIds.add(link.accountId);
      }
    }
    const accounts = new Map<string, AccountEntity | null>();
    for (const part of chunk([...accountIds], 500)) {
      for (const account of await manager.findBy(AccountEntity, { id: In(part) })) accounts.set(account.id, account);
    }
    const touchedAccounts = new Set<string>();
    const touchedLinks = new Set<string>();
    for (const event of events) {
      if (event.stream.startsWith('account-')) {
        const id = (event.data as { account_id: string }).account_id;
        const next = evolveAccount(accounts.get(id) ?? undefined, event);
        if (next !== undefined && next !== accounts.get(id)) {
          accounts.set(id, next);
          touchedAccounts.add(id);
        }
      } else {
        this.applyTaskEvent(event, links, accounts, touchedAccounts, touchedLinks);
      }
    }
    const upserts = [...touchedAccounts].map((id) => accounts.get(id)).filter((row): row is AccountEntity => !!row);
    const deletes = [...touchedAccounts].filter((id) => !accounts.get(id));
    await bulkUpsert(manager, AccountEntity, upserts);
    if (deletes.length) await manager.delete(AccountEntity, { id: In(deletes) });
    const linkRows = [...touchedLinks].map((id) => links.get(id)!).filter(Boolean);
    await bulkUpsert(manager, AccountTaskLinkEntity, linkRows);
  }

  private applyTaskEvent(
    recorded: RecordedEvent,
    links: Map<string, AccountTaskLinkEntity>,
    accounts: Map<string, AccountEntity | null>,
    touchedAccounts: Set<string>,
    touchedLinks: Set<string>,
  ): void {
    const event = recorded as unknown as TaskEvent;
    const at = recorded.metadata.timestamp;
    const taskId = event.data.task_id;
    const charge = (accountId: string, change: (account: AccountEntity) => Partial<AccountEntity>) => {
      const account = accounts.get(accountId);
      if (!account || recorded.position <= account.lastPosition) return;
      accounts.set(accountId, { ...account, ...change(account), lastPosition: recorded.position });
      touchedAccounts.add(accountId);
    };
    if (event.type === 'TaskDispatched') {
      const link = links.get(taskId);
      if (link && recorded.position <= link.lastPosition) return;
      links.set(taskId, { taskId, accountId: event.data.account_id, startedAt: null, lastPosition: recorded.position });
      touchedLinks.add(taskId);
      const month = at.slice(0, 7);
      charge(event.data.account_id, (account) => ({
        tasksTotal: account.tasksTotal + 1,
        lastUsedAt: at,
        costUsdTotal: round(account.costUsdTotal + event.data.estimated_cost_usd),
        costMonth: month,
        costMonthUsd: round((account.costMonth === month ? account.costMonthUsd : 0) + event.data.estimated_cost_usd),
      }));
      return;
    }
    if (event.type === 'TaskDispatchFailed') {
      charge(event.data.account_id, (account) => ({ failuresTotal: account.failuresTotal + 1 }));
      return;
    }
    const link = links.get(taskId);
    if (!link || recorded.position <= link.lastPosition) return;
    if (event.type === 'TaskStarted') {
      links.set(taskId, { ...link, startedAt: at, lastPosition: recorded.position });
      touchedLinks.add(taskId);
      return;
    }
    links.set(taskId, { ...link, lastPosition: recorded.position });
    touchedLinks.add(taskId);
    const seconds = link.startedAt ? Math.max(0, (Date.parse(at) - Date.parse(link.startedAt)) / 1000) : 0;
    charge(link.accountId, (account) => ({
      gpuSeconds: round(account.gpuSeconds + seconds),
      failuresTotal: account.failuresTotal + (event.type === 'TaskFailed' || event.type === 'TaskExpired' ? 1 : 0),
    }));
  }
}

export function evolveAccount(row: AccountEntity | undefined, recorded: RecordedEvent): AccountEntity | null | undefined {
  if (row && recorded.position <= row.lastPosition) return row;
  const event = recorded as unknown as AccountEvent;
  const at = recorded.metadata.timestamp;
  if (event.type === 'AccountRegistered') {
    const d = event.data;
    return {
      id: d.account_id, lastPosition: recorded.position, kind: d.kind, label: d.label, baseUrl: d.base_url, workspace: d.workspace,
      status: 'pending', source: d.source, credentialRef: d.credential_ref, credentialFingerprint: d.credential_fingerprint,
      monthlyBudgetUsd: d.monthly_budget_usd, buildId: null, models: [], maxConcurrentJobs: null, failureType: null, lastError: null,
      retryAfter: null, lastHealthAt: null, deployLog: [], tasksTotal: 0, failuresTotal: 0, gpuSeconds: 0, costUsdTotal: 0,
      costMonth: null, costMonthUsd: 0, lastUsedAt: null, createdAt: at, updatedAt: at,
    };
  }
  if (!row) return row;
  const next: AccountEntity = { ...row, lastPosition: recorded.position, updatedAt: at };
  switch (event.type) {
    case 'AccountDeployStarted':
      return { ...next, status: 'deploying', deployLog: [] };
    case 'AccountDeployStepRecorded':
      return { ...next, deployLog: [...row.deployLog, { at, step: event.data.step, attempt: event.data.attempt, outcome: event.data.outcome, message: event.data.message }].slice(-DEPLOY_LOG_SIZE) };
    case 'AccountDeployed':
    case 'AccountHealthCheckStarted':
    case 'AccountEnabled':
      return { ...next, status: 'checking' };
    case 'AccountReady':
      return { ...next, status: 'ready', buildId: event.data.build_id, models: event.data.models, maxConcurrentJobs: event.data.max_concurrent_jobs, failureType: null, lastError: null, retryAfter: null, lastHealthAt: at };
    case 'AccountFailed':
      return { ...next, status: 'failed', failureType: event.data.failure_type, lastError: event.data.message, retryAfter: event.data.retry_after, lastHealthAt: at };
    case 'AccountDisabled':
      return { ...next, status: 'disabled', failureType: event.data.reason, lastError: event.data.message, retryAfter: null };
    case 'AccountBudgetSet':
      return { ...next, monthlyBudgetUsd: event.data.monthly_budget_usd };
    case 'AccountDeleted':
      return null;
    default:
      return next;
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
