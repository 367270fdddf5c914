import { formatPreciseTime, formatRelative } from '../shared/admin-format';
import type { IssuedAccessCode, IssuedApiKey, RotatedApiKey } from '../shared/admin-api.types';

/** What to tell the admin under a freshly issued key. */
export function issuedKeyNotes(key: IssuedApiKey): string[] {
  return [
    `Send it in the X-Api-Key header. Scopes: ${key.scopes.join(', ')}. It expires ${formatPreciseTime(key.expires_at)} (${formatRelative(key.expires_at)}).`,
  ];
}

/** After a rotation: until when the previous secret keeps working (the server's answer, not a guess). */
export function rotationNotes(rotated: RotatedApiKey, now: Date = new Date()): string[] {
  const until = Date.parse(rotated.previous_valid_until);
  const grace = Number.isNaN(until) || until <= now.getTime()
    ? `The previous secret (${rotated.previous_prefix}…) stopped working immediately.`
    : `The previous secret (${rotated.previous_prefix}…) keeps working until ${formatPreciseTime(rotated.previous_valid_until)} (${formatRelative(rotated.previous_valid_until, now)}). Update every client before then.`;
  return [grace, `The new secret expires ${formatPreciseTime(rotated.expires_at)}.`];
}

export function issuedCodeNotes(code: IssuedAccessCode): string[] {
  const uses = code.max_uses === 1 ? 'once' : `${code.max_uses.toLocaleString()} times`;
  return [`It can be redeemed ${uses} until ${formatPreciseTime(code.expires_at)}. People enter it when the app asks for an access code.`];
}
