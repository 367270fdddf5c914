import type { SessionEvent } from '../../../contracts/events/session-events.js';
import { assertNever, type Decider } from '../platform/event-sourcing/decider.js';
import { DomainError } from '../platform/errors/domain-error.js';
import type { SessionCommand } from './session.commands.js';

export type SessionState =
  | { status: 'none' }
  | { status: 'active'; sessionId: string; expiresAt: string }
  | { status: 'revoked'; sessionId: string }
  | { status: 'expired'; sessionId: string };

/**
 * A generation session (AUTH-2): issued once with a fixed 24 h end, then revoked (logout) or expired —
 * both final. Revoking or expiring a session that already ended changes nothing (no event).
 */
export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'SessionIssued':
        return { status: 'active', sessionId: event.data.session_id, expiresAt: event.data.expires_at };
      case 'SessionRevoked':
        return { status: 'revoked', sessionId: event.data.session_id };
      case 'SessionExpired':
        return { status: 'expired', sessionId: event.data.session_id };
      default:
        return assertNever(event, 'session event');
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'IssueSession':
        if (state.status !== 'none') throw new DomainError('illegal_transition', `Session ${command.data.session_id} already exists.`);
        if (!(Date.parse(command.data.expires_at) > Date.parse(command.data.issued_at))) {
          throw new DomainError('validation_error', 'A session must end after it starts.');
        }
        return [{ type: 'SessionIssued', data: command.data }];
      case 'RevokeSession':
        return state.status === 'active' ? [{ type: 'SessionRevoked', data: { session_id: state.sessionId, reason: command.data.reason } }] : [];
      case 'ExpireSession':
        return state.status === 'active' && Date.parse(command.data.at) >= Date.parse(state.expiresAt)
          ? [{ type: 'SessionExpired', data: { session_id: state.sessionId, expired_at: state.expiresAt } }]
          : [];
      default:
        return assertNever(command, 'session command');
    }
  },
};
