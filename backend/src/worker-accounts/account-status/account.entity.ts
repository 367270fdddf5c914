import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AccountKind, AccountStatus, FailureType } from '../../../../contracts/events/account-events.js';
import { int64Column } from '../../platform/persistence/int64-column.js';

export interface DeployStep {
  at: string;
  step: string;
  attempt: number;
  outcome: string;
  message: string;
}

/** One row per worker account: what the admin table, routing and health read. No secret is stored here. */
@Entity('worker_accounts')
export class AccountEntity {
  @PrimaryColumn('varchar', { length: 64 })
  id!: string;

  /** Global position of the last event applied (idempotent replays across account and task streams). */
  @Column(int64Column())
  lastPosition!: number;

  @Column('varchar', { length: 8 })
  kind!: AccountKind;

  @Column('varchar', { length: 128 })
  label!: string;

  @Column('varchar', { length: 512, nullable: true })
  baseUrl!: string | null;

  @Column('varchar', { length: 64, nullable: true })
  workspace!: string | null;

  @Column('varchar', { length: 16 })
  status!: AccountStatus;

  @Column('varchar', { length: 8 })
  source!: 'admin' | 'config';

  @Column('varchar', { length: 64 })
  credentialRef!: string;

  @Column('varchar', { length: 32 })
  credentialFingerprint!: string;

  @Column('real', { nullable: true })
  monthlyBudgetUsd!: number | null;

  @Column('varchar', { length: 128, nullable: true })
  buildId!: string | null;

  @Column('simple-json')
  models!: string[];

  @Column('integer', { nullable: true })
  maxConcurrentJobs!: number | null;

  @Column('varchar', { length: 32, nullable: true })
  failureType!: FailureType | 'admin' | null;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @Column('varchar', { length: 30, nullable: true })
  retryAfter!: string | null;

  @Column('varchar', { length: 30, nullable: true })
  lastHealthAt!: string | null;

  @Column('simple-json')
  deployLog!: DeployStep[];

  @Column('integer')
  tasksTotal!: number;

  @Column('integer')
  failuresTotal!: number;

  @Column('real')
  gpuSeconds!: number;

  @Column('real')
  costUsdTotal!: number;

  @Column('varchar', { length: 7, nullable: true })
  costMonth!: string | null;

  @Column('real')
  costMonthUsd!: number;

  @Column('varchar', { length: 30, nullable: true })
  lastUsedAt!: string | null;

  @Column('varchar', { length: 30 })
  createdAt!: string;

  @Column('varchar', { length: 30 })
  updatedAt!: string;
}

/** Which account runs which task, so completions can be charged to it. */
@Entity('worker_account_task_links')
export class AccountTaskLinkEntity {
  @PrimaryColumn('varchar', { length: 64 })
  taskId!: string;

  @Column('varchar', { length: 64 })
  accountId!: string;

  @Column('varchar', { length: 30, nullable: true })
  startedAt!: string | null;

  @Column(int64Column())
  lastPosition!: number;
}
