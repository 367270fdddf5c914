import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import { applyKeyed } from '../projections/keyed-projection.js';
import type { Projector } from '../projections/projector.js';

/** A small read model used to test the projection machinery itself. */
@Entity('test_stream_summaries')
export class StreamSummaryEntity {
  @PrimaryColumn('varchar', { length: 200 })
  stream!: string;

  @Column('integer')
  count!: number;

  @Column('integer')
  revision!: number;

  @Column('varchar', { length: 100 })
  lastType!: string;

  @Column('varchar', { length: 40 })
  lastAt!: string;

  @Column('integer')
  total!: number;
}

export class StreamSummaryProjector implements Projector {
  readonly name = 'test-stream-summary';
  readonly tables = [StreamSummaryEntity];

  constructor(
    readonly version = 1,
    readonly handles: readonly string[] = ['Counted', 'Removed'],
  ) {}

  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    return applyKeyed<StreamSummaryEntity>(manager, {
      entity: StreamSummaryEntity,
      keyProperty: 'stream',
      keyOf: (event) => event.stream,
      evolve: (row, event) => {
        if (row && event.revision <= row.revision) return row;
        if (event.type === 'Removed') return null;
        const amount = (event.data as { amount?: number }).amount ?? 1;
        return {
          stream: event.stream,
          count: (row?.count ?? 0) + 1,
          revision: event.revision,
          lastType: event.type,
          lastAt: event.metadata.timestamp,
          total: (row?.total ?? 0) + amount,
        };
      },
    }, events);
  }
}
