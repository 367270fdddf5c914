import { Column, Entity, PrimaryColumn } from 'typeorm';
import { int64Column } from '../persistence/int64-column.js';

/** An event a process manager could not handle after its retries; shown by admin health. */
@Entity('parked_events')
export class ParkedEventEntity {
  @PrimaryColumn('varchar', { length: 200 })
  id!: string;

  @Column('varchar', { length: 128 })
  consumer!: string;

  @Column(int64Column())
  position!: number;

  @Column('varchar', { length: 64 })
  eventId!: string;

  @Column('varchar', { length: 128 })
  eventType!: string;

  @Column('varchar', { length: 200 })
  stream!: string;

  @Column('integer')
  attempts!: number;

  @Column('text')
  error!: string;

  @Column('varchar', { length: 40 })
  parkedAt!: string;
}
