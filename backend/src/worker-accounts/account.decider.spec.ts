import fc from 'fast-check';
import type { AccountEvent, AccountRegisteredData, AccountStatus } from '../../../contracts/events/account-events.js';
import { deciderSpec } from '../platform/testing/decider-spec.js';
import type { AccountCommand } from './account.commands.js';
import { ACCOUNT_TRANSITIONS, accountDecider, type AccountState } from './account.decider.js';

const registered: AccountRegisteredData = {
  account_id: 'acc-1', kind: 'http', label: 'sim', base_url: 'http://127.0.0.1:9', workspace: null,
  credential_ref: 'cred-1', credential_fingerprint: 'fp-1', monthly_budget_usd: null, source: 'admin',
};
const id = { account_id: 'acc-1' };
const Registered: AccountEvent = { type: 'AccountRegistered', data: registered };
const DeployStarted: AccountEvent = { type: 'AccountDeployStarted', data: id };
const Checking: AccountEvent = { type: 'AccountHealthCheckStarted', data: { ...id, reason: 'admin' } };
const Ready: AccountEvent = { type: 'AccountReady', data: { ...id, build_id: 'b1', models: ['flux'], max_concurrent_jobs: 1 } };
const Failed: AccountEvent = { type: 'AccountFailed', data: { ...id, failure_type: 'timeout', message: 'slow', retry_after: '2026-01-01T00:05:00Z' } };
const Disabled: AccountEvent = { type: 'AccountDisabled', data: { ...id, reason: 'admin', message: 'off' } };

/** A history that leaves the account in each status. */
const REACH: Record<AccountStatus, AccountEvent[]> = {
  pending: [Registered],
  deploying: [Registered, DeployStarted],
  checking: [Registered, Checking],
  ready: [Registered, Checking, Ready],
  failed: [Registered, Checking, Ready, Failed],
  disabled: [Registered, Disabled],
};

const COMMANDS: AccountCommand[] = [
  { type: 'StartDeploy', data: {} },
  { type: 'CompleteDeploy', data: {} },
  { type: 'StartHealthCheck', data: { reason: 'admin' } },
  { type: 'StartHealthCheck', data: { reason: 'cooldown' } },
  { type: 'PassHealthCheck', data: { build_id: 'b', models: [], max_concurrent_jobs: 1 } },
  { type: 'ReportFailure', data: { failure_type: 'server_error', message: '502', retry_after: '2026-01-01T00:05:00Z' } },
  { type: 'ReportFailure', data: { failure_type: 'quota_exceeded', message: 'spend limit', retry_after: '2026-01-01T00:05:00Z' } },
  { type: 'Disable', data: { message: 'admin' } },
  { type: 'Enable', data: {} },
];

const given = deciderSpec(accountDecider);
const fold = (events: AccountEvent[]) => events.reduce(accountDecider.evolve, accountDecider.initialState());
const statusOf = (state: AccountState) => state.status;

describe('worker account decider (ADM-2)', () => {
  /** The outcome of each command in each status: the status after it, or 'refused' (409 illegal_transition). */
  const EXPECTED: Record<AccountStatus, (AccountStatus | 'refused')[]> = {
    //          StartDeploy  CompleteDeploy HealthCheck(admin) HealthCheck(cooldown) PassHealth  Failure(5xx) Failure(quota) Disable     Enable
    pending:   ['deploying', 'pending',     'checking',        'pending',            'pending',  'pending',   'pending',     'disabled', 'refused'],
    deploying: ['deploying', 'checking',    'checking',        'deploying',          'deploying', 'failed',   'disabled',    'disabled', 'refused'],
    checking:  ['refused',   'checking',    'checking',        'checking',           'ready',    'failed',    'disabled',    'disabled', 'checking'],
    ready:     ['deploying', 'ready',       'checking',        'ready',              'ready',    'failed',    'disabled',    'disabled', 'ready'],
    failed:    ['deploying', 'failed',      'checking',        'checking',           'failed',   'failed',    'failed',      'disabled', 'checking'],
    disabled:  ['deploying', 'disabled',    'checking',        'disabled',           'disabled', 'disabled',  'disabled',    'disabled', 'checking'],
  };

  describe('every status × every command: the allowed transitions happen, the forbidden ones are refused', () => {
    for (const from of Object.keys(REACH) as AccountStatus[]) {
      COMMANDS.forEach((command, index) => {
        const expected = EXPECTED[from][index];
        const label = `${command.type}${'reason' in command.data ? `(${String(command.data.reason)})` : ''}${'failure_type' in command.data ? `(${String(command.data.failure_type)})` : ''}`;
        it(`${from} + ${label} → ${expected}`, () => {
          if (expected === 'refused') {
            expect(() => accountDecider.decide(command, fold(REACH[from]))).toThrow(expect.objectContaining({ code: 'illegal_transition', metadata: expect.objectContaining({ from }) }) as unknown as Error);
            return;
          }
          const events = accountDecider.decide(command, fold(REACH[from]));
          const to = statusOf(fold([...REACH[from], ...events]));
          expect(to).toBe(expected);
          if (to !== from) expect(ACCOUNT_TRANSITIONS[from]).toContain(to);
        });
      });
    }
  });

  it('registers a new account as pending, and a repeated registration with the same credentials is a no-op', () => {
    given([]).when({ type: 'RegisterAccount', data: registered }).then([Registered]);
    given([Registered]).when({ type: 'RegisterAccount', data: registered }).then([]);
    given([Registered]).when({ type: 'RegisterAccount', data: { ...registered, credential_fingerprint: 'other' } }).thenThrows('concurrency_conflict');
  });

  it('deploy then a successful health check makes it ready, and it stays ready (no silent revert)', () => {
    given([Registered]).when({ type: 'StartDeploy', data: {} }).then([DeployStarted]);
    given([Registered, DeployStarted]).when({ type: 'CompleteDeploy', data: {} }).then([
      { type: 'AccountDeployed', data: id },
      { type: 'AccountHealthCheckStarted', data: { ...id, reason: 'deploy' } },
    ]);
    given([Registered, Checking]).when({ type: 'PassHealthCheck', data: { build_id: 'b1', models: ['flux'], max_concurrent_jobs: 1 } }).then([Ready]);
    given([Registered, Checking, Ready]).when({ type: 'PassHealthCheck', data: { build_id: 'b2', models: [], max_concurrent_jobs: 1 } }).then([]);
    given([Registered, Checking, Ready]).when({ type: 'StartHealthCheck', data: { reason: 'cooldown' } }).then([]);
  });

  it('ADM-3: quota, auth and config failures disable the account; timeouts and 5xx only fail it', () => {
    for (const failure_type of ['quota_exceeded', 'auth_failed', 'config_failed'] as const) {
      const [event] = given(REACH.ready).when({ type: 'ReportFailure', data: { failure_type, message: 'x', retry_after: 't' } }).events();
      expect(event).toMatchObject({ type: 'AccountDisabled', data: { reason: failure_type } });
    }
    for (const failure_type of ['timeout', 'server_error', 'network', 'health_failed'] as const) {
      const [event] = given(REACH.ready).when({ type: 'ReportFailure', data: { failure_type, message: 'x', retry_after: 't' } }).events();
      expect(event).toMatchObject({ type: 'AccountFailed', data: { failure_type } });
    }
  });

  it('a failed account comes back only through a health check (after its cool-down or by an admin)', () => {
    given(REACH.failed).when({ type: 'PassHealthCheck', data: { build_id: 'b', models: [], max_concurrent_jobs: 1 } }).then([]);
    given(REACH.failed).when({ type: 'StartHealthCheck', data: { reason: 'cooldown' } }).then([{ type: 'AccountHealthCheckStarted', data: { ...id, reason: 'cooldown' } }]);
    given(REACH.disabled).when({ type: 'StartHealthCheck', data: { reason: 'cooldown' } }).then([]);
  });

  it('enable takes a disabled account through a health check; pending and deploying accounts cannot be enabled', () => {
    given(REACH.disabled).when({ type: 'Enable', data: {} }).then([{ type: 'AccountEnabled', data: id }]);
    given(REACH.pending).when({ type: 'Enable', data: {} }).thenThrows('illegal_transition');
    given(REACH.deploying).when({ type: 'Enable', data: {} }).thenThrows('illegal_transition');
  });

  it('delete names the credential to destroy; afterwards the account is gone', () => {
    given(REACH.ready).when({ type: 'Delete', data: {} }).then([{ type: 'AccountDeleted', data: { ...id, credential_ref: 'cred-1' } }]);
    given([...REACH.ready, { type: 'AccountDeleted', data: { ...id, credential_ref: 'cred-1' } }]).when({ type: 'Enable', data: {} }).thenThrows('account_not_found');
  });

  it('property: over any command sequence every status change is in the transition table', () =>
    fc.assert(fc.property(fc.array(fc.constantFrom(...COMMANDS), { maxLength: 30 }), (commands) => {
      let state = fold([Registered]);
      for (const command of commands) {
        const from = statusOf(state);
        let events: AccountEvent[] = [];
        try {
          events = accountDecider.decide(command, state);
        } catch {
          continue;
        }
        let step = state;
        for (const event of events) {
          const before = statusOf(step);
          step = accountDecider.evolve(step, event);
          const after = statusOf(step);
          if (after !== before) expect(ACCOUNT_TRANSITIONS[before as AccountStatus]).toContain(after);
        }
        state = step;
        expect(from).toBeDefined();
      }
    })));
});
