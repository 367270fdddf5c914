import fc from 'fast-check';
import type { SessionEvent } from '../../../contracts/events/session-events.js';
import { deciderSpec } from '../platform/testing/decider-spec.js';
import type { SessionCommand } from './session.commands.js';
import { sessionDecider } from './session.decider.js';

const issued = { session_id: 's-1', token_hash: 'a'.repeat(64), issued_at: '2026-01-01T00:00:00.000Z', expires_at: '2026-01-02T00:00:00.000Z', access_code_id: null };
const Issued: SessionEvent = { type: 'SessionIssued', data: issued };
const Revoked: SessionEvent = { type: 'SessionRevoked', data: { session_id: 's-1', reason: 'logout' } };
const Expired: SessionEvent = { type: 'SessionExpired', data: { session_id: 's-1', expired_at: issued.expires_at } };
const given = deciderSpec(sessionDecider);

describe('session decider (AUTH-2)', () => {
  it('AUTH-2: issues a new session', () => given([]).when({ type: 'IssueSession', data: issued }).then([Issued]));
  it('AUTH-2: never issues the same session twice', () => given([Issued]).when({ type: 'IssueSession', data: issued }).thenThrows('illegal_transition'));
  it('AUTH-2: refuses a session that ends before it starts', () =>
    given([]).when({ type: 'IssueSession', data: { ...issued, expires_at: issued.issued_at } }).thenThrows('validation_error'));
  it('AUTH-2: revokes an active session', () => given([Issued]).when({ type: 'RevokeSession', data: { session_id: 's-1', reason: 'logout' } }).then([Revoked]));
  it('AUTH-2: revoking twice changes nothing', () => given([Issued, Revoked]).when({ type: 'RevokeSession', data: { session_id: 's-1', reason: 'logout' } }).then([]));
  it('AUTH-2: revoking an unknown session changes nothing', () => given([]).when({ type: 'RevokeSession', data: { session_id: 's-1', reason: 'logout' } }).then([]));
  it('AUTH-2: expires at its absolute end (24 h), recording when it ended', () =>
    given([Issued]).when({ type: 'ExpireSession', data: { session_id: 's-1', at: '2026-01-02T00:00:00.000Z' } }).then([Expired]));
  it('AUTH-2: does not expire a minute early', () =>
    given([Issued]).when({ type: 'ExpireSession', data: { session_id: 's-1', at: '2026-01-01T23:59:00.000Z' } }).then([]));
  it('AUTH-2: a revoked session does not expire later', () =>
    given([Issued, Revoked]).when({ type: 'ExpireSession', data: { session_id: 's-1', at: '2026-01-03T00:00:00.000Z' } }).then([]));

  it('AUTH-2: once revoked or expired, no command produces an event again (property)', () => {
    const command = fc.oneof(
      fc.constant<SessionCommand>({ type: 'RevokeSession', data: { session_id: 's-1', reason: 'logout' } }),
      fc.date({ min: new Date('2025-01-01'), max: new Date('2027-01-01'), noInvalidDate: true })
        .map<SessionCommand>((at) => ({ type: 'ExpireSession', data: { session_id: 's-1', at: at.toISOString() } })),
    );
    fc.assert(fc.property(fc.constantFrom(Revoked, Expired), fc.array(command, { maxLength: 10 }), (ending, commands) => {
      let state = [Issued, ending].reduce(sessionDecider.evolve, sessionDecider.initialState());
      for (const next of commands) {
        const events = sessionDecider.decide(next, state);
        expect(events).toEqual([]);
        state = events.reduce(sessionDecider.evolve, state);
      }
    }));
  });
});
