import type { AccessCodeEvent } from '../../../contracts/events/session-events.js';
import { sameSecret } from '../platform/auth/secret-token.js';
import { assertNever, type Decider } from '../platform/event-sourcing/decider.js';
import { DomainError } from '../platform/errors/domain-error.js';
import type { AccessCodeCommand } from './session.commands.js';

export type AccessCodeState =
  | { status: 'none' }
  | { status: 'active' | 'revoked'; codeId: string; codeHash: string; maxUses: number; uses: number; expiresAt: string };

/**
 * An invite access code (AUTH-2, ACCESS_MODE=invite): redeemable `max_uses` times until it expires or an
 * admin revokes it. The secret is checked before anything about the code is revealed. The stream's
 * expected revision makes concurrent redemptions of the last use agree on one winner.
 */
export const accessCodeDecider: Decider<AccessCodeState, AccessCodeCommand, AccessCodeEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'AccessCodeIssued':
        return {
          status: 'active',
          codeId: event.data.code_id,
          codeHash: event.data.code_hash,
          maxUses: event.data.max_uses,
          uses: 0,
          expiresAt: event.data.expires_at,
        };
      case 'AccessCodeRedeemed':
        return state.status === 'none' ? state : { ...state, uses: event.data.uses };
      case 'AccessCodeRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked' };
      default:
        return assertNever(event, 'access code event');
    }
  },

  decide(command, state) {
    switch (command.type) {
      case 'IssueAccessCode':
        if (state.status !== 'none') throw new DomainError('illegal_transition', `Access code ${command.data.code_id} already exists.`);
        if (!Number.isInteger(command.data.max_uses) || command.data.max_uses < 1) throw new DomainError('validation_error', 'max_uses must be a whole number ≥ 1.');
        return [{ type: 'AccessCodeIssued', data: command.data }];
      case 'RedeemAccessCode': {
        const { data } = command;
        if (state.status === 'none' || !sameSecret(state.codeHash, data.presented_hash)) throw refused('access_code_invalid', 'The access code is not valid.');
        if (state.status === 'revoked') throw refused('access_code_revoked', 'The access code was revoked.');
        if (Date.parse(data.at) >= Date.parse(state.expiresAt)) throw refused('access_code_expired', 'The access code has expired.');
        if (state.uses >= state.maxUses) throw refused('access_code_used_up', 'The access code has been used as often as it may be.');
        return [{ type: 'AccessCodeRedeemed', data: { code_id: state.codeId, session_id: data.session_id, uses: state.uses + 1 } }];
      }
      case 'RevokeAccessCode':
        if (state.status === 'none') throw new DomainError('access_code_not_found', `No access code ${command.data.code_id}.`, { userAction: 'Check the id (GET /admin/access-codes).' });
        return state.status === 'active' ? [{ type: 'AccessCodeRevoked', data: { code_id: state.codeId } }] : [];
      default:
        return assertNever(command, 'access code command');
    }
  },
};

/** Redeeming for a session answers the code of the session it would have issued (specs/security.md). */
export function refused(reason: string, detail: string): DomainError {
  return new DomainError('session_required', detail, {
    userAction: 'This server is invite-only: ask an admin for a valid access code and send it as {"access_code": "…"}.',
    metadata: { reason },
  });
}
