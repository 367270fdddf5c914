import {
  MANUAL_FAILURES,
  type AccountEvent,
  type AccountRegisteredData,
  type AccountStatus,
} from '../../../contracts/events/account-events.js';
import { assertNever, type Decider } from '../platform/event-sourcing/decider.js';
import { DomainError } from '../platform/errors/domain-error.js';
import type { AccountCommand } from './account.commands.js';

export type AccountState =
  | { status: 'none' }
  | { status: 'deleted' }
  | { status: AccountStatus; account: AccountRegisteredData };

/**
 * The allowed transitions (ADM-2). Every other change is refused with 409 illegal_transition. Unlike the
 * predecessor, nothing bypasses this table, and a ready account stays ready until an explicit failure or
 * an admin action.
 */
export const ACCOUNT_TRANSITIONS: Readonly<Record<AccountStatus, readonly AccountStatus[]>> = {
  pending: ['deploying', 'checking', 'disabled'],
  deploying: ['checking', 'failed', 'disabled'],
  checking: ['ready', 'failed', 'disabled'],
  ready: ['deploying', 'checking', 'failed', 'disabled'],
  failed: ['deploying', 'checking', 'disabled'],
  disabled: ['deploying', 'checking'],
};

type Live = Extract<AccountState, { account: AccountRegisteredData }>;

export const accountDecider: Decider<AccountState, AccountCommand, AccountEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    if (event.type === 'AccountRegistered') return { status: 'pending', account: event.data };
    if (state.status === 'none' || state.status === 'deleted') return state;
    switch (event.type) {
      case 'AccountDeployStarted':
        return { ...state, status: 'deploying' };
      case 'AccountDeployed':
      case 'AccountHealthCheckStarted':
      case 'AccountEnabled':
        return { ...state, status: 'checking' };
      case 'AccountReady':
        return { ...state, status: 'ready' };
      case 'AccountFailed':
        return { ...state, status: 'failed' };
      case 'AccountDisabled':
        return { ...state, status: 'disabled' };
      case 'AccountDeleted':
        return { status: 'deleted' };
      case 'AccountDeployStepRecorded':
      case 'AccountBudgetSet':
        return state;
      default:
        return assertNever(event, 'account event');
    }
  },

  decide(command, state) {
    if (command.type === 'RegisterAccount') {
      // A deleted account's id may be registered again (configured workers that changed address or token).
      if (state.status === 'none' || state.status === 'deleted') return [{ type: 'AccountRegistered', data: command.data }];
      if (state.account.credential_fingerprint === command.data.credential_fingerprint) return [];
      throw new DomainError('concurrency_conflict', `Account ${command.data.account_id} already exists.`, { userAction: 'Choose another id or delete the old account first.' });
    }
    if (state.status === 'none' || state.status === 'deleted') {
      throw new DomainError('account_not_found', 'No such worker account.', { userAction: 'List the accounts with GET /admin/accounts.' });
    }
    const id = state.account.account_id;
    switch (command.type) {
      case 'StartDeploy':
        if (state.status === 'deploying') return [];
        transition(state, 'deploying');
        return [{ type: 'AccountDeployStarted', data: { account_id: id } }];
      case 'RecordDeployStep':
        return state.status === 'deploying' || state.status === 'checking' ? [{ type: 'AccountDeployStepRecorded', data: { account_id: id, ...command.data } }] : [];
      case 'CompleteDeploy':
        if (state.status !== 'deploying') return [];
        return [
          { type: 'AccountDeployed', data: { account_id: id } },
          { type: 'AccountHealthCheckStarted', data: { account_id: id, reason: 'deploy' } },
        ];
      case 'StartHealthCheck':
        if (state.status === 'checking') return [];
        if (command.data.reason === 'cooldown' && state.status !== 'failed') return [];
        transition(state, 'checking');
        return [{ type: 'AccountHealthCheckStarted', data: { account_id: id, reason: command.data.reason } }];
      case 'PassHealthCheck':
        // A result that arrives after the account moved on (disabled meanwhile) is ignored.
        return state.status === 'checking' ? [{ type: 'AccountReady', data: { account_id: id, ...command.data } }] : [];
      case 'ReportFailure': {
        if (state.status !== 'ready' && state.status !== 'checking' && state.status !== 'deploying') return [];
        const manual = MANUAL_FAILURES.includes(command.data.failure_type);
        if (manual) return [{ type: 'AccountDisabled', data: { account_id: id, reason: command.data.failure_type, message: command.data.message } }];
        return [{ type: 'AccountFailed', data: { account_id: id, ...command.data } }];
      }
      case 'Disable':
        if (state.status === 'disabled') return [];
        return [{ type: 'AccountDisabled', data: { account_id: id, reason: 'admin', message: command.data.message } }];
      case 'Enable':
        if (state.status === 'ready' || state.status === 'checking') return [];
        if (state.status !== 'disabled' && state.status !== 'failed') {
          throw illegal(state, 'checking', 'Only a disabled or failed account can be enabled; deploy a pending one.');
        }
        return [{ type: 'AccountEnabled', data: { account_id: id } }];
      case 'SetBudget':
        return [{ type: 'AccountBudgetSet', data: { account_id: id, monthly_budget_usd: command.data.monthly_budget_usd } }];
      case 'Delete':
        return [{ type: 'AccountDeleted', data: { account_id: id, credential_ref: state.account.credential_ref } }];
      default:
        return assertNever(command, 'account command');
    }
  },
};

function transition(state: Live, to: AccountStatus): void {
  if (!ACCOUNT_TRANSITIONS[state.status].includes(to)) throw illegal(state, to);
}

function illegal(state: Live, to: AccountStatus, hint?: string): DomainError {
  return new DomainError('illegal_transition', `Account ${state.account.account_id} cannot go from ${state.status} to ${to}.`, {
    userAction: hint ?? `Allowed from ${state.status}: ${ACCOUNT_TRANSITIONS[state.status].join(', ') || 'nothing'}.`,
    metadata: { from: state.status, to },
  });
}
