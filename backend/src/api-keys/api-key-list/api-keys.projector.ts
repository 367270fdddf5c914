import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { API_KEY_EVENT_TYPES, type ApiKeyEvent } from '../../../../contracts/events/api-key-events.js';
import type { RecordedEvent } from '../../platform/event-store/event-store.port.js';
import { assertNever } from '../../platform/event-sourcing/decider.js';
import { AsProjector } from '../../platform/projections/as-projector.js';
import { applyKeyed } from '../../platform/projections/keyed-projection.js';
import type { Projector } from '../../platform/projections/projector.js';
import { ApiKeyEntity } from './api-key.entity.js';

export const API_KEYS_PROJECTION = 'api-keys';

@AsProjector()
@Injectable()
export class ApiKeysProjector implements Projector {
  readonly name = API_KEYS_PROJECTION;
  readonly version = 1;
  readonly handles = API_KEY_EVENT_TYPES;
  readonly tables = [ApiKeyEntity];

  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    return applyKeyed<ApiKeyEntity>(manager, {
      entity: ApiKeyEntity,
      keyProperty: 'id',
      keyOf: (event) => (event.data as { key_id?: string }).key_id ?? null,
      evolve: (row, event) => (row && event.revision <= row.revision ? row : evolveApiKeyRow(row, event)),
    }, events);
  }
}

export function evolveApiKeyRow(row: ApiKeyEntity | undefined, recorded: RecordedEvent): ApiKeyEntity | null {
  const event = recorded as unknown as ApiKeyEvent;
  switch (event.type) {
    case 'ApiKeyIssued':
      return {
        id: event.data.key_id,
        name: event.data.name,
        scopes: event.data.scopes,
        prefix: event.data.prefix,
        secretHash: event.data.secret_hash,
        previousPrefix: null,
        previousSecretHash: null,
        previousValidUntil: null,
        status: 'active',
        createdAt: event.data.issued_at,
        createdBy: recorded.metadata.actor,
        expiresAt: event.data.expires_at,
        rotatedAt: null,
        revokedAt: null,
        revision: recorded.revision,
      };
    case 'ApiKeyRotated':
      return row
        ? {
            ...row,
            previousPrefix: event.data.previous_prefix,
            previousSecretHash: row.secretHash,
            previousValidUntil: event.data.previous_valid_until,
            prefix: event.data.prefix,
            secretHash: event.data.secret_hash,
            expiresAt: event.data.expires_at,
            rotatedAt: event.data.rotated_at,
            revision: recorded.revision,
          }
        : null;
    case 'ApiKeyRevoked':
      return row ? { ...row, status: 'revoked', revokedAt: event.data.revoked_at, revision: recorded.revision } : null;
    default:
      return assertNever(event, 'API key event');
  }
}
