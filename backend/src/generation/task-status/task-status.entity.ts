import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Adjustment, MediaRef, StoredImageRef, TaskStage, TaskStatus } from '../../../../contracts/events/task-events.js';
import { int64Column } from '../../platform/persistence/int64-column.js';

/** One row per task: what GET /status and the job follower read. Built only from the task's events. */
@Entity('task_status')
@Index(['status', 'submittedPosition'])
@Index(['ownerKind', 'ownerId', 'status'])
export class TaskStatusEntity {
  @PrimaryColumn('varchar', { length: 64 })
  id!: string;

  @Column('integer')
  revision!: number;

  @Column(int64Column())
  submittedPosition!: number;

  @Column('varchar', { length: 16 })
  ownerKind!: string;

  @Column('varchar', { length: 128 })
  ownerId!: string;

  @Column('varchar', { length: 32 })
  model!: string;

  @Column('varchar', { length: 8 })
  type!: 'image' | 'video';

  @Column('varchar', { length: 32 })
  mode!: string;

  @Column('varchar', { length: 16 })
  status!: TaskStatus;

  @Column('varchar', { length: 16 })
  stage!: TaskStage;

  @Column('integer')
  progress!: number;

  @Column('integer', { nullable: true })
  step!: number | null;

  @Column('integer', { nullable: true })
  totalSteps!: number | null;

  @Column('text')
  prompt!: string;

  @Column('text')
  negativePrompt!: string;

  @Column('integer')
  width!: number;

  @Column('integer')
  height!: number;

  @Column(int64Column())
  seed!: number;

  @Column('varchar', { length: 8 })
  outputFormat!: string;

  @Column('simple-json')
  parameters!: Record<string, number | string | boolean>;

  @Column('simple-json')
  adjustments!: Adjustment[];

  @Column('simple-json')
  images!: StoredImageRef[];

  @Column('varchar', { length: 64, nullable: true })
  errorCode!: string | null;

  @Column('text', { nullable: true })
  errorMessage!: string | null;

  @Column('text', { nullable: true })
  errorAction!: string | null;

  @Column('varchar', { length: 64, nullable: true })
  accountId!: string | null;

  @Column('varchar', { length: 64, nullable: true })
  jobId!: string | null;

  @Column('simple-json', { nullable: true })
  result!: MediaRef | null;

  @Column('simple-json', { nullable: true })
  preview!: MediaRef | null;

  @Column('simple-json', { nullable: true })
  used!: Record<string, number | string> | null;

  @Column('boolean')
  deleted!: boolean;

  @Column('varchar', { length: 64, nullable: true })
  retryOf!: string | null;

  @Column('varchar', { length: 64, nullable: true })
  retriedAs!: string | null;

  @Column('varchar', { length: 30 })
  createdAt!: string;

  @Column('varchar', { length: 30 })
  updatedAt!: string;

  @Column('varchar', { length: 30, nullable: true })
  startedAt!: string | null;

  @Column('varchar', { length: 30, nullable: true })
  finishedAt!: string | null;
}
