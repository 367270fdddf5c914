import { Column, Entity, Index, PrimaryColumn, type PrimaryColumnOptions } from 'typeorm';
import { int64Column } from '../platform/persistence/int64-column.js';

/**
 * One audit entry per security or admin event (AUD-1, AUD-2), keyed by the event's global position. Rows
 * are inserted once and never updated or deleted; the log they come from keeps everything, so retention is
 * unbounded (≥ 90 days).
 */
@Entity('audit_entries')
@Index('audit_entries_timestamp', ['timestamp'])
@Index('audit_entries_actor', ['actor', 'position'])
@Index('audit_entries_action', ['action', 'position'])
@Index('audit_entries_target', ['target', 'position'])
@Index('audit_entries_outcome', ['outcome', 'position'])
export class AuditEntryEntity {
  @PrimaryColumn({ ...int64Column(), nullable: false } as PrimaryColumnOptions)
  position!: number;

  @Column('varchar', { length: 64, unique: true })
  eventId!: string;

  @Column('varchar', { length: 64 })
  eventType!: string;

  @Column('varchar', { length: 200 })
  stream!: string;

  @Column('varchar', { length: 30 })
  timestamp!: string;

  @Column('varchar', { length: 160 })
  actor!: string;

  @Column('varchar', { length: 80 })
  source!: string;

  @Column('varchar', { length: 120 })
  action!: string;

  @Column('varchar', { length: 300 })
  target!: string;

  @Column('varchar', { length: 16 })
  outcome!: string;

  @Column('varchar', { length: 128 })
  correlationId!: string;

  @Column('integer')
  count!: number;

  @Column('simple-json')
  details!: Record<string, unknown>;
}
