import type { AdminSessionEvent } from '../../../contracts/events/admin-session-events.js';
import { assertNever, type Decider } from '../platform/event-sourcing/decider.js';
import { DomainError } from '../platform/errors/domain-error.js';
import type { AdminSessionCommand } from './admin-session.commands.js';

export type AdminSessionState =
  | { status: 'none' }
  | { status: 'active'; id: string; expiresAt: string; idleTimeoutSeconds: number }
  | { status: 'revoked' | 'expired'; id: string };

/**
 * An admin session (AUTH-4): ends by logout, by 30 min without activity, or 12 h after it began, whichever
 * comes first. The last activity is kept outside the log (one row, see specs/decisions.md), so an idle
 * expiry states the activity it judged by; the decider checks the claim is true before recording it.
 */
export const adminSessionDecider: Decider<AdminSessionState, AdminSessionCommand, AdminSessionEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'AdminSessionIssued':
        return { status: 'active', id: event.data.admin_session_id, expiresAt: event.data.expires_at, idleTimeoutSeconds: event.data.idle_timeout_seconds };
      case 'AdminSessionRevoked':
        return { status: 'revoked', id: event.data.admin_session_id };
      case 'AdminSessionExpired':
        return { status: 'expired', id: event.data.admin_session_id };
      default:
        return assertNever(event, 'admin session event');
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'IssueAdminSession':
        if (state.status !== 'none') throw new DomainError('illegal_transition', `Admin session ${command.data.admin_session_id} already exists.`);
        return [{ type: 'AdminSessionIssued', data: command.data }];
      case 'RevokeAdminSession':
        return state.status === 'active' ? [{ type: 'AdminSessionRevoked', data: { admin_session_id: state.id, reason: 'logout' } }] : [];
      case 'ExpireAdminSession': {
        if (state.status !== 'active') return [];
        const { at, reason, last_activity_at: lastActivity } = command.data;
        const due = reason === 'absolute'
          ? Date.parse(at) >= Date.parse(state.expiresAt)
          : Date.parse(at) - Date.parse(lastActivity) >= state.idleTimeoutSeconds * 1000;
        if (!due) return [];
        return [{ type: 'AdminSessionExpired', data: { admin_session_id: state.id, reason, expired_at: at, last_activity_at: lastActivity } }];
      }
      default:
        return assertNever(command, 'admin session command');
    }
  },
};
