import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SecurityEvents } from '../security/security-events.port.js';

const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Content-Type, X-API-Key, Idempotency-Key, X-Correlation-Id, X-Admin-Key, Range, If-None-Match';
const EXPOSED_HEADERS = 'X-Correlation-Id, Retry-After, Content-Range, Content-Disposition, ETag';

export type CorsVerdict = 'no-origin' | 'same-origin' | 'allowed' | 'blocked';

/**
 * SEC-2, pure: a request without Origin, or whose Origin names this server's own host, is not a CORS
 * request; an Origin in FRONTEND_ORIGINS is allowed; anything else is blocked. The host comparison ignores
 * the scheme so a TLS-terminating proxy does not make the app's own pages cross-origin.
 */
export function corsVerdict(origin: string | undefined, ownHost: string | undefined, allowed: ReadonlySet<string>): CorsVerdict {
  if (origin === undefined) return 'no-origin';
  if (allowed.has(origin)) return 'allowed';
  try {
    const url = new URL(origin);
    if (ownHost && url.origin === origin && url.host.toLowerCase() === ownHost.toLowerCase()) return 'same-origin';
  } catch {
    // Not an origin at all: blocked below.
  }
  return 'blocked';
}

/**
 * The CORS policy as the first hook after the correlation id: allowed origins get the origin echoed with
 * credentials (preflights answered 204 here), others 400 `cors_origin_blocked` with no CORS header, and a
 * security event. Hand-written rather than @fastify/cors, whose deny path cannot answer our error body.
 */
export function registerCors(fastify: FastifyInstance, origins: readonly string[], security: SecurityEvents | null): void {
  const allowed = new Set(origins);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    const verdict = corsVerdict(origin, request.host, allowed);
    if (verdict === 'no-origin' || verdict === 'same-origin') return;
    if (verdict === 'allowed') {
      void reply.header('Access-Control-Allow-Origin', origin).header('Access-Control-Allow-Credentials', 'true').header('Vary', 'Origin');
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
        return reply
          .code(204)
          .header('Access-Control-Allow-Methods', ALLOWED_METHODS)
          .header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
          .header('Access-Control-Max-Age', '600')
          .send();
      }
      void reply.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      return;
    }
    await security?.record({
      type: 'CorsOriginBlocked',
      action: 'cors_request',
      target: String(origin).slice(0, 200),
      outcome: 'denied',
      reason: 'cors_origin_blocked',
      actor: 'anonymous',
      source: request.ip,
      details: { method: request.method, preflight: request.method === 'OPTIONS' },
    });
    return reply.code(400).type('application/json; charset=utf-8').send({
      code: 'cors_origin_blocked',
      detail: 'This origin may not call the API.',
      user_action: 'Open the app from its own address, or ask the operator to add this origin to FRONTEND_ORIGINS.',
    });
  });
}
