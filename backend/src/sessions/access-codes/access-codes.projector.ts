import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ACCESS_CODE_EVENT_TYPES, type AccessCodeEvent } from '../../../../contracts/events/session-events.js';
import type { RecordedEvent } from '../../platform/event-store/event-store.port.js';
import { assertNever } from '../../platform/event-sourcing/decider.js';
import { AsProjector } from '../../platform/projections/as-projector.js';
import { applyKeyed } from '../../platform/projections/keyed-projection.js';
import type { Projector } from '../../platform/projections/projector.js';
import { AccessCodeEntity } from './access-code.entity.js';

export const ACCESS_CODES_PROJECTION = 'access-codes';

@AsProjector()
@Injectable()
export class AccessCodesProjector implements Projector {
  readonly name = ACCESS_CODES_PROJECTION;
  readonly version = 1;
  readonly handles = ACCESS_CODE_EVENT_TYPES;
  readonly tables = [AccessCodeEntity];

  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    return applyKeyed<AccessCodeEntity>(manager, {
      entity: AccessCodeEntity,
      keyProperty: 'id',
      keyOf: (event) => (event.data as { code_id?: string }).code_id ?? null,
      evolve: (row, event) => (row && event.revision <= row.revision ? row : evolveAccessCodeRow(row, event)),
    }, events);
  }
}

export function evolveAccessCodeRow(row: AccessCodeEntity | undefined, recorded: RecordedEvent): AccessCodeEntity | null {
  const event = recorded as unknown as AccessCodeEvent;
  const at = recorded.metadata.timestamp;
  switch (event.type) {
    case 'AccessCodeIssued':
      return {
        id: event.data.code_id,
        prefix: event.data.prefix,
        label: event.data.label,
        maxUses: event.data.max_uses,
        uses: 0,
        status: 'active',
        createdAt: at,
        createdBy: recorded.metadata.actor,
        expiresAt: event.data.expires_at,
        lastUsedAt: null,
        revokedAt: null,
        revision: recorded.revision,
      };
    case 'AccessCodeRedeemed':
      return row ? { ...row, uses: event.data.uses, lastUsedAt: at, revision: recorded.revision } : null;
    case 'AccessCodeRevoked':
      return row ? { ...row, status: 'revoked', revokedAt: at, revision: recorded.revision } : null;
    default:
      return assertNever(event, 'access code event');
  }
}
