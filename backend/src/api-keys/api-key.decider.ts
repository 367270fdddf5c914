import type { ApiKeyEvent } from '../../../contracts/events/api-key-events.js';
import { assertNever, type Decider } from '../platform/event-sourcing/decider.js';
import { DomainError } from '../platform/errors/domain-error.js';
import type { ApiKeyCommand } from './api-key.commands.js';

export const MAX_KEY_LIFETIME_DAYS = 90;
/** Longest grace period a rotation may grant the previous secret. */
export const MAX_GRACE_SECONDS = 7 * 24 * 3600;
const DAY_MS = 24 * 3600 * 1000;

export type ApiKeyState =
  | { status: 'none' }
  | { status: 'active' | 'revoked'; keyId: string; prefix: string; expiresAt: string; lifetimeDays: number };

/**
 * An API key (AUTH-3): issued with scopes and a lifetime of at most 90 days; rotated (a new secret and a
 * fresh lifetime, the previous secret valid for a grace period that never outlives it); revoked at once
 * and for good. Expired and revoked keys cannot be rotated: issue a new one.
 */
export const apiKeyDecider: Decider<ApiKeyState, ApiKeyCommand, ApiKeyEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'ApiKeyIssued':
        return { status: 'active', keyId: event.data.key_id, prefix: event.data.prefix, expiresAt: event.data.expires_at, lifetimeDays: event.data.lifetime_days };
      case 'ApiKeyRotated':
        return state.status === 'none' ? state : { ...state, prefix: event.data.prefix, expiresAt: event.data.expires_at };
      case 'ApiKeyRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked' };
      default:
        return assertNever(event, 'API key event');
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'IssueApiKey': {
        const { data } = command;
        if (state.status !== 'none') throw new DomainError('illegal_transition', `API key ${data.key_id} already exists.`);
        if (data.scopes.length === 0) throw new DomainError('validation_error', 'An API key needs at least one scope.');
        checkLifetime(data.lifetime_days);
        if (Date.parse(data.expires_at) - Date.parse(data.issued_at) !== data.lifetime_days * DAY_MS) {
          throw new DomainError('validation_error', 'expires_at must be issued_at plus lifetime_days.');
        }
        return [{ type: 'ApiKeyIssued', data }];
      }
      case 'RotateApiKey': {
        const { data } = command;
        const key = existing(state, data.key_id);
        if (key.status === 'revoked') throw new DomainError('illegal_transition', `API key ${data.key_id} is revoked; issue a new key.`, { userAction: 'Issue a new key.' });
        if (Date.parse(data.at) >= Date.parse(key.expiresAt)) throw new DomainError('illegal_transition', `API key ${data.key_id} has expired; issue a new key.`, { userAction: 'Issue a new key.' });
        if (!Number.isInteger(data.grace_seconds) || data.grace_seconds < 0 || data.grace_seconds > MAX_GRACE_SECONDS) {
          throw new DomainError('validation_error', `The grace period must be 0 to ${MAX_GRACE_SECONDS} seconds.`);
        }
        const lifetime = data.lifetime_days ?? key.lifetimeDays;
        checkLifetime(lifetime);
        const graceEnd = Math.min(Date.parse(data.at) + data.grace_seconds * 1000, Date.parse(key.expiresAt));
        return [{
          type: 'ApiKeyRotated',
          data: {
            key_id: key.keyId,
            prefix: data.prefix,
            secret_hash: data.secret_hash,
            rotated_at: data.at,
            expires_at: new Date(Date.parse(data.at) + lifetime * DAY_MS).toISOString(),
            previous_prefix: key.prefix,
            previous_valid_until: new Date(graceEnd).toISOString(),
          },
        }];
      }
      case 'RevokeApiKey': {
        const key = existing(state, command.data.key_id);
        if (key.status === 'revoked') return [];
        return [{ type: 'ApiKeyRevoked', data: { key_id: key.keyId, revoked_at: command.data.at, reason: command.data.reason } }];
      }
      default:
        return assertNever(command, 'API key command');
    }
  },
};

function existing(state: ApiKeyState, keyId: string): Exclude<ApiKeyState, { status: 'none' }> {
  if (state.status === 'none') throw new DomainError('api_key_not_found', `No API key ${keyId}.`, { userAction: 'Check the id (GET /admin/api-keys).' });
  return state;
}

function checkLifetime(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > MAX_KEY_LIFETIME_DAYS) {
    throw new DomainError('validation_error', `An API key lives 1 to ${MAX_KEY_LIFETIME_DAYS} days.`);
  }
}
