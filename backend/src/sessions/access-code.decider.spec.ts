import type { AccessCodeEvent } from '../../../contracts/events/session-events.js';
import { hashSecret } from '../platform/auth/secret-token.js';
import { deciderSpec } from '../platform/testing/decider-spec.js';
import { accessCodeDecider } from './access-code.decider.js';

const codeHash = hashSecret('the-secret');
const issued = { code_id: 'c1', code_hash: codeHash, prefix: 'ggc_c1_the-', label: 'friends', max_uses: 2, expires_at: '2026-01-08T00:00:00.000Z' };
const Issued: AccessCodeEvent = { type: 'AccessCodeIssued', data: issued };
const redeemed = (uses: number, session = `s-${uses}`): AccessCodeEvent => ({ type: 'AccessCodeRedeemed', data: { code_id: 'c1', session_id: session, uses } });
const redeem = (presented = 'the-secret', at = '2026-01-02T00:00:00.000Z', session = 's-1') => ({
  type: 'RedeemAccessCode' as const,
  data: { code_id: 'c1', presented_hash: hashSecret(presented), session_id: session, at },
});
const given = deciderSpec(accessCodeDecider);

function reasonOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return (error as { code: string; metadata?: { reason?: string } }).metadata?.reason;
  }
  return undefined;
}

describe('access code decider (AUTH-2 invite mode)', () => {
  it('AUTH-2: issues a code', () => given([]).when({ type: 'IssueAccessCode', data: issued }).then([Issued]));
  it('AUTH-2: refuses max_uses below 1', () => given([]).when({ type: 'IssueAccessCode', data: { ...issued, max_uses: 0 } }).thenThrows('validation_error'));
  it('AUTH-2: redeems a valid code, counting the use', () => given([Issued]).when(redeem()).then([redeemed(1, 's-1')]));
  it('AUTH-2: a multi-use code works until its last use', () => given([Issued, redeemed(1)]).when(redeem('the-secret', undefined, 's-2')).then([redeemed(2, 's-2')]));
  it('AUTH-2: a used-up code is refused with session_required', () => {
    given([Issued, redeemed(1), redeemed(2)]).when(redeem()).thenThrows('session_required');
    expect(reasonOf(() => given([Issued, redeemed(1), redeemed(2)]).when(redeem()).events())).toBe('access_code_used_up');
  });
  it('AUTH-2: a wrong secret is refused before anything about the code is revealed', () => {
    expect(reasonOf(() => given([Issued, redeemed(1), redeemed(2)]).when(redeem('wrong')).events())).toBe('access_code_invalid');
    expect(reasonOf(() => given([]).when(redeem()).events())).toBe('access_code_invalid');
  });
  it('AUTH-2: an expired code is refused', () =>
    expect(reasonOf(() => given([Issued]).when(redeem('the-secret', '2026-01-08T00:00:00.000Z')).events())).toBe('access_code_expired'));
  it('AUTH-2: a revoked code is refused', () => {
    const revoked: AccessCodeEvent = { type: 'AccessCodeRevoked', data: { code_id: 'c1' } };
    expect(reasonOf(() => given([Issued, revoked]).when(redeem()).events())).toBe('access_code_revoked');
  });
  it('AUTH-2: revoking is idempotent; revoking an unknown code is access_code_not_found', () => {
    const revoked: AccessCodeEvent = { type: 'AccessCodeRevoked', data: { code_id: 'c1' } };
    given([Issued]).when({ type: 'RevokeAccessCode', data: { code_id: 'c1' } }).then([revoked]);
    given([Issued, revoked]).when({ type: 'RevokeAccessCode', data: { code_id: 'c1' } }).then([]);
    given([]).when({ type: 'RevokeAccessCode', data: { code_id: 'c1' } }).thenThrows('access_code_not_found');
  });
});
