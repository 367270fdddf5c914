import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ADMIN_SESSION_EVENT_TYPES, type AdminSessionEvent } from '../../../../contracts/events/admin-session-events.js';
import type { RecordedEvent } from '../../platform/event-store/event-store.port.js';
import { assertNever } from '../../platform/event-sourcing/decider.js';
import { AsProjector } from '../../platform/projections/as-projector.js';
import { applyKeyed } from '../../platform/projections/keyed-projection.js';
import type { Projector } from '../../platform/projections/projector.js';
import { AdminSessionEntity } from './admin-session.entity.js';

export const ADMIN_SESSIONS_PROJECTION = 'admin-sessions';

@AsProjector()
@Injectable()
export class AdminSessionsProjector implements Projector {
  readonly name = ADMIN_SESSIONS_PROJECTION;
  readonly version = 1;
  readonly handles = ADMIN_SESSION_EVENT_TYPES;
  readonly tables = [AdminSessionEntity];

  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    return applyKeyed<AdminSessionEntity>(manager, {
      entity: AdminSessionEntity,
      keyProperty: 'id',
      keyOf: (event) => (event.data as { admin_session_id?: string }).admin_session_id ?? null,
      evolve: (row, event) => (row && event.revision <= row.revision ? row : evolveAdminSessionRow(row, event)),
    }, events);
  }
}

export function evolveAdminSessionRow(row: AdminSessionEntity | undefined, recorded: RecordedEvent): AdminSessionEntity | null {
  const event = recorded as unknown as AdminSessionEvent;
  switch (event.type) {
    case 'AdminSessionIssued':
      return {
        id: event.data.admin_session_id,
        tokenHash: event.data.token_hash,
        status: 'active',
        issuedAt: event.data.issued_at,
        expiresAt: event.data.expires_at,
        idleTimeoutSeconds: event.data.idle_timeout_seconds,
        keyFingerprint: event.data.key_fingerprint,
        endedAt: null,
        endReason: null,
        revision: recorded.revision,
      };
    case 'AdminSessionRevoked':
      return row ? { ...row, status: 'revoked', endedAt: recorded.metadata.timestamp, endReason: 'logout', revision: recorded.revision } : null;
    case 'AdminSessionExpired':
      return row ? { ...row, status: 'expired', endedAt: event.data.expired_at, endReason: event.data.reason, revision: recorded.revision } : null;
    default:
      return assertNever(event, 'admin session event');
  }
}
