import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The shapes of the secrets this server hands out (specs/security.md): 256 random bits each, with a short
 * prefix so scanners and the log redactor recognise them. Only sha256(secret) is ever stored.
 */
export const SECRET_SHAPES = {
  /** `gg_session` cookie. */
  session: /ggs_[A-Za-z0-9_-]{43}/,
  /** `gg_admin_session` cookie. */
  adminSession: /gga_[A-Za-z0-9_-]{43}/,
  /** API key `gg_<id>_<secret>`. */
  apiKey: /gg_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/,
  /** Invite access code `ggc_<id>_<secret>`. */
  accessCode: /ggc_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/,
} as const;

/** 32 random bytes, base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A short random id for keys and codes (16 hex characters); not secret. */
export function randomKeyId(): string {
  return randomBytes(8).toString('hex');
}

/** sha256 as hex. A 256-bit random secret needs no slow hash: guessing it is as hard as finding a preimage. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time equality of two hex digests (or of any two strings, by comparing their digests). */
export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}

/** Splits `<prefix>_<16 hex id>_<secret>`; null when the value does not have that shape. */
export function parseIdSecret(value: string, prefix: 'gg' | 'ggc'): { id: string; secret: string } | null {
  const match = new RegExp(`^${prefix}_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$`).exec(value);
  return match ? { id: match[1], secret: match[2] } : null;
}
