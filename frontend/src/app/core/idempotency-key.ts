/**
 * A fresh `Idempotency-Key` (GEN-1). `crypto.randomUUID` exists only in secure contexts, and a self-hosted
 * server is often opened over plain HTTP on a LAN address, so random bytes are the fallback.
 */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
