import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SESSION_EVENT_TYPES, type SessionEvent } from '../../../../contracts/events/session-events.js';
import type { RecordedEvent } from '../../platform/event-store/event-store.port.js';
import { assertNever } from '../../platform/event-sourcing/decider.js';
import { AsProjector } from '../../platform/projections/as-projector.js';
import { applyKeyed } from '../../platform/projections/keyed-projection.js';
import type { Projector } from '../../platform/projections/projector.js';
import { SessionEntity } from './session.entity.js';

export const SESSIONS_PROJECTION = 'sessions';

/** Builds `sessions` (token hash → session, expiry, revoked); idempotent by stream revision. */
@AsProjector()
@Injectable()
export class SessionsProjector implements Projector {
  readonly name = SESSIONS_PROJECTION;
  readonly version = 1;
  readonly handles = SESSION_EVENT_TYPES;
  readonly tables = [SessionEntity];

  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    return applyKeyed<SessionEntity>(manager, {
      entity: SessionEntity,
      keyProperty: 'id',
      keyOf: (event) => (event.data as { session_id?: string }).session_id ?? null,
      evolve: (row, event) => (row && event.revision <= row.revision ? row : evolveSessionRow(row, event)),
    }, events);
  }
}

export function evolveSessionRow(row: SessionEntity | undefined, recorded: RecordedEvent): SessionEntity | null {
  const event = recorded as unknown as SessionEvent;
  switch (event.type) {
    case 'SessionIssued':
      return {
        id: event.data.session_id,
        tokenHash: event.data.token_hash,
        status: 'active',
        issuedAt: event.data.issued_at,
        expiresAt: event.data.expires_at,
        endedAt: null,
        accessCodeId: event.data.access_code_id,
        revision: recorded.revision,
      };
    case 'SessionRevoked':
      return row ? { ...row, status: 'revoked', endedAt: recorded.metadata.timestamp, revision: recorded.revision } : null;
    case 'SessionExpired':
      return row ? { ...row, status: 'expired', endedAt: event.data.expired_at, revision: recorded.revision } : null;
    default:
      return assertNever(event, 'session event');
  }
}
