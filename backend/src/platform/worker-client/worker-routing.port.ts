import type { WorkerCallError } from './worker-call.error.js';
import type { WorkerClient } from './worker-client.port.js';

export interface RoutedWorker {
  accountId: string;
  client: WorkerClient;
}

export type DispatchOutcome =
  | { kind: 'dispatched'; accountId: string }
  | { kind: 'failed'; accountId: string; error: WorkerCallError };

/**
 * Which workers may take a job, in the order to try them (ADM-3). Until admins manage worker accounts
 * the accounts come from configuration; the worker-accounts feature provides the real implementation.
 */
export interface WorkerRouting {
  /** Ready accounts, least recently used first. */
  candidates(model: string): Promise<RoutedWorker[]>;
  /** True while some account is deploying or being health-checked (it may be ready in a moment). */
  accountsStarting(): Promise<boolean>;
  /** The client for the account a task was dispatched to (following, cancelling), or null if gone. */
  clientFor(accountId: string): Promise<WorkerClient | null>;
  /** True when `token` is the bearer token of that account's worker (authenticates pushed reports). */
  verifyWorkerToken(accountId: string, token: string): Promise<boolean>;
  /** Dispatch results feed the account's health and counters. */
  record(outcome: DispatchOutcome): Promise<void>;
}

export const WORKER_ROUTING = Symbol('WORKER_ROUTING');
