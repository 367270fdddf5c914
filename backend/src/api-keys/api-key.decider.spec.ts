import fc from 'fast-check';
import type { ApiKeyEvent, ApiKeyIssuedData } from '../../../contracts/events/api-key-events.js';
import { deciderSpec } from '../platform/testing/decider-spec.js';
import type { ApiKeyCommand } from './api-key.commands.js';
import { apiKeyDecider } from './api-key.decider.js';

const issued: ApiKeyIssuedData = {
  key_id: 'k1',
  name: 'ci',
  scopes: ['read'],
  prefix: 'gg_k1_abcd',
  secret_hash: 'h1',
  issued_at: '2026-01-01T00:00:00.000Z',
  expires_at: '2026-03-31T00:00:00.000Z',
  lifetime_days: 89,
};
const Issued: ApiKeyEvent = { type: 'ApiKeyIssued', data: issued };
const rotate = (at: string, grace_seconds = 86_400, lifetime_days?: number): ApiKeyCommand => ({
  type: 'RotateApiKey',
  data: { key_id: 'k1', prefix: 'gg_k1_efgh', secret_hash: 'h2', at, grace_seconds, lifetime_days },
});
const Revoked: ApiKeyEvent = { type: 'ApiKeyRevoked', data: { key_id: 'k1', revoked_at: '2026-01-05T00:00:00.000Z', reason: 'leak' } };
const revoke: ApiKeyCommand = { type: 'RevokeApiKey', data: { key_id: 'k1', at: '2026-01-05T00:00:00.000Z', reason: 'leak' } };
const given = deciderSpec(apiKeyDecider);

describe('API key decider (AUTH-3)', () => {
  it('AUTH-3: issues a key', () => given([]).when({ type: 'IssueApiKey', data: issued }).then([Issued]));
  it('AUTH-3: refuses a lifetime over 90 days', () =>
    given([]).when({ type: 'IssueApiKey', data: { ...issued, lifetime_days: 91, expires_at: '2026-04-02T00:00:00.000Z' } }).thenThrows('validation_error'));
  it('AUTH-3: refuses an expiry that does not match the lifetime', () =>
    given([]).when({ type: 'IssueApiKey', data: { ...issued, expires_at: '2027-01-01T00:00:00.000Z' } }).thenThrows('validation_error'));
  it('AUTH-3: refuses a key without scopes', () => given([]).when({ type: 'IssueApiKey', data: { ...issued, scopes: [] } }).thenThrows('validation_error'));

  it('AUTH-3: a rotation grants a fresh lifetime and keeps the previous secret for the grace period (24 h)', () =>
    given([Issued]).when(rotate('2026-01-10T00:00:00.000Z')).then([{
      type: 'ApiKeyRotated',
      data: {
        key_id: 'k1',
        prefix: 'gg_k1_efgh',
        secret_hash: 'h2',
        rotated_at: '2026-01-10T00:00:00.000Z',
        expires_at: '2026-04-09T00:00:00.000Z',
        previous_prefix: 'gg_k1_abcd',
        previous_valid_until: '2026-01-11T00:00:00.000Z',
      },
    }]));
  it('AUTH-3: the grace period never outlives the previous secret', () => {
    const [event] = given([Issued]).when(rotate('2026-03-30T12:00:00.000Z', 7 * 86_400)).events();
    expect((event.data as { previous_valid_until: string }).previous_valid_until).toBe(issued.expires_at);
  });
  it('AUTH-3: a rotation may end the previous secret at once (grace 0)', () => {
    const [event] = given([Issued]).when(rotate('2026-01-10T00:00:00.000Z', 0)).events();
    expect((event.data as { previous_valid_until: string }).previous_valid_until).toBe('2026-01-10T00:00:00.000Z');
  });
  it('AUTH-3: refuses a grace period over 7 days', () => given([Issued]).when(rotate('2026-01-10T00:00:00.000Z', 8 * 86_400)).thenThrows('validation_error'));
  it('AUTH-3: an expired key cannot be rotated', () => given([Issued]).when(rotate('2026-03-31T00:00:00.000Z')).thenThrows('illegal_transition'));
  it('AUTH-3: a revoked key cannot be rotated', () => given([Issued, Revoked]).when(rotate('2026-01-10T00:00:00.000Z')).thenThrows('illegal_transition'));
  it('AUTH-3: an unknown key is api_key_not_found', () => {
    given([]).when(rotate('2026-01-10T00:00:00.000Z')).thenThrows('api_key_not_found');
    given([]).when(revoke).thenThrows('api_key_not_found');
  });
  it('AUTH-3: revokes, once', () => {
    given([Issued]).when(revoke).then([Revoked]);
    given([Issued, Revoked]).when(revoke).then([]);
  });

  it('AUTH-3: a revoked key never changes again, whatever follows (property)', () => {
    const command = fc.oneof(
      fc.date({ min: new Date('2026-01-01'), max: new Date('2026-06-01'), noInvalidDate: true }).map((at) => rotate(at.toISOString())),
      fc.constant(revoke),
    );
    fc.assert(fc.property(fc.array(command, { maxLength: 8 }), (commands) => {
      let state = [Issued, Revoked].reduce(apiKeyDecider.evolve, apiKeyDecider.initialState());
      for (const next of commands) {
        let events: ApiKeyEvent[] = [];
        try {
          events = apiKeyDecider.decide(next, state);
        } catch (error) {
          expect((error as { code: string }).code).toBe('illegal_transition');
        }
        expect(events).toEqual([]);
        state = events.reduce(apiKeyDecider.evolve, state);
      }
    }));
  });
});
