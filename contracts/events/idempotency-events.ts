/**
 * Stream `idempotency-<sha256(owner, key)>`: one claim per use of an Idempotency-Key (GEN-1). The store's
 * expected-revision check makes two concurrent requests with one key agree on a single task.
 */
export interface IdempotencyKeyClaimedData {
  task_id: string;
  request_hash: string;
  expires_at: string;
}

export type IdempotencyEvent = { type: 'IdempotencyKeyClaimed'; data: IdempotencyKeyClaimedData };
