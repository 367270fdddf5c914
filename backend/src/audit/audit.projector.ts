import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../platform/event-store/event-store.port.js';
import { AsProjector } from '../platform/projections/as-projector.js';
import { chunk, type Projector } from '../platform/projections/projector.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { AUDITED_EVENT_TYPES, auditFieldsOf } from './audit-event-map.js';

export const AUDIT_PROJECTION = 'audit';

/** The audit trail (AUD-1, AUD-2): insert-only, keyed by position, so replaying changes nothing. */
@AsProjector()
@Injectable()
export class AuditProjector implements Projector {
  readonly name = AUDIT_PROJECTION;
  // 2: worker-account events are audited (AUD-1).
  readonly version = 2;
  readonly handles = AUDITED_EVENT_TYPES;
  readonly tables = [AuditEntryEntity];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const rows = events.flatMap((event) => {
      const row = auditEntryOf(event);
      return row ? [row] : [];
    });
    for (const part of chunk(rows, 500)) {
      await manager.createQueryBuilder().insert().into(AuditEntryEntity).values(part as never[]).orIgnore().execute();
    }
  }
}

export function auditEntryOf(event: RecordedEvent): AuditEntryEntity | null {
  const fields = auditFieldsOf(event);
  if (!fields) return null;
  return {
    position: event.position,
    eventId: event.id,
    eventType: event.type,
    stream: event.stream,
    timestamp: event.metadata.timestamp,
    actor: event.metadata.actor.slice(0, 160),
    source: event.metadata.source.slice(0, 80),
    action: fields.action.slice(0, 120),
    target: fields.target.slice(0, 300),
    outcome: fields.outcome,
    correlationId: event.metadata.correlationId.slice(0, 128),
    count: fields.count,
    details: fields.details,
  };
}
