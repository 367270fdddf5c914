import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { int64Column } from '../platform/persistence/int64-column.js';

/** One row per task; `visible` once it is done with its files, removed when the output is deleted. */
@Entity('gallery_items')
@Index(['visible', 'completedAt'])
export class GalleryItemEntity {
  @PrimaryColumn('varchar', { length: 64 })
  id!: string;

  @Column('integer')
  revision!: number;

  @Column('boolean')
  visible!: boolean;

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

  @Column('text')
  prompt!: string;

  @Column('text')
  negativePrompt!: string;

  @Column('simple-json')
  parameters!: Record<string, number | string | boolean>;

  @Column('integer')
  width!: number;

  @Column('integer')
  height!: number;

  @Column(int64Column())
  seed!: number;

  @Column('varchar', { length: 8 })
  outputFormat!: string;

  @Column('varchar', { length: 30 })
  createdAt!: string;

  @Column('varchar', { length: 30, nullable: true })
  startedAt!: string | null;

  @Column('varchar', { length: 30, nullable: true })
  completedAt!: string | null;

  @Column('varchar', { length: 32, nullable: true })
  mime!: string | null;

  @Column('integer', { nullable: true })
  bytes!: number | null;

  @Column('integer', { nullable: true })
  frames!: number | null;

  @Column('real', { nullable: true })
  fps!: number | null;

  @Column('real', { nullable: true })
  durationSeconds!: number | null;
}
