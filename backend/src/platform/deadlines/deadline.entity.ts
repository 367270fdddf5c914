import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { int64Column } from '../persistence/int64-column.js';

/**
 * A timer as data. Rows are written and removed only by projectors (from events), so they are rebuilt
 * exactly from the log and survive any restart. What a firing did is kept apart in DeadlineFiringEntity.
 */
@Entity('deadlines')
export class DeadlineEntity {
  @PrimaryColumn('varchar', { length: 200 })
  id!: string;

  /** The projector that owns the row (rebuilds clear only their own rows). */
  @Column('varchar', { length: 128 })
  owner!: string;

  @Index()
  @Column(int64Column())
  dueAt!: number;

  /** Which registered handler fires it. */
  @Column('varchar', { length: 128 })
  kind!: string;

  @Column('simple-json')
  payload!: Record<string, unknown>;
}

/** Operational record of firing attempts: not a projection, never compared by rebuild verification. */
@Entity('deadline_firings')
export class DeadlineFiringEntity {
  @PrimaryColumn('varchar', { length: 200 })
  id!: string;

  @Column('varchar', { length: 16 })
  status!: 'fired' | 'retry' | 'parked';

  @Column('integer')
  attempts!: number;

  @Column(int64Column())
  nextAttemptAt!: number;

  @Column('text', { nullable: true })
  lastError!: string | null;
}
