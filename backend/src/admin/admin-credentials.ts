import { sameSecret, SECRET_SHAPES } from '../platform/auth/secret-token.js';

const CREDENTIAL_NAME = /^(x[-_]?)?(admin[-_]?(key|token|session|secret|password)|gg_admin_session)$/i;
const ADMIN_TOKEN = new RegExp(`^${SECRET_SHAPES.adminSession.source}$`);

/**
 * AUTH-4: admin credentials are never accepted in a query string (URLs end up in proxy logs and browser
 * history). Names the offending parameter — one whose name says admin credential, or whose name or value
 * is the admin key or an admin session token — or null. A secret is never returned: a parameter whose name
 * is itself the secret is reported as `(secret)`.
 */
export function adminCredentialInQuery(query: unknown, adminKey: string): string | null {
  if (typeof query !== 'object' || query === null) return null;
  const isSecret = (value: string) => sameSecret(value, adminKey) || ADMIN_TOKEN.test(value);
  for (const [name, raw] of Object.entries(query as Record<string, unknown>)) {
    if (isSecret(name)) return '(secret)';
    if (CREDENTIAL_NAME.test(name)) return name;
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value === 'string' && isSecret(value)) return /^[A-Za-z0-9_.-]{1,40}$/.test(name) ? name : '(unnamed)';
    }
  }
  return null;
}
