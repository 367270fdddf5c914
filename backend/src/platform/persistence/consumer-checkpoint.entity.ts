import { Column, Entity, PrimaryColumn } from 'typeorm';
import { int64Column } from './int64-column.js';

/** Where each projector or process manager stands in the global log. */
@Entity('consumer_checkpoints')
export class ConsumerCheckpointEntity {
  @PrimaryColumn('varchar', { length: 128 })
  name!: string;

  @Column('varchar', { length: 16 })
  kind!: 'projection' | 'process';

  @Column('integer')
  version!: number;

  @Column(int64Column())
  position!: number;
}
