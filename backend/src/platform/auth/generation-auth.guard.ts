import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { actionForRoute } from '../security/rate-limit.policy.js';
import { SECURITY_EVENTS, type SecurityEvents } from '../security/security-events.port.js';
import { ADMIN_SESSION_COOKIE, readCookie, SESSION_COOKIE } from './auth-cookies.js';
import {
  ADMIN_SESSION_VERIFIER,
  API_KEY_VERIFIER,
  authUnavailable,
  credentialError,
  SESSION_VERIFIER,
  type AdminSessionVerifier,
  type ApiKeyVerifier,
  type CredentialVerdict,
  type SessionVerifier,
} from './credential-verifier.port.js';
import { actorOfPrincipal, type RequestWithPrincipal } from './principal.js';
import { requiredScope } from './require-scope.decorator.js';

type Denied = Exclude<CredentialVerdict, { ok: true }>;

/**
 * Authentication of generation, gallery and media routes (AUTH-1): the `X-API-Key` header, else the
 * `api_key` query parameter, else the `gg_session` cookie (an admin session cookie is accepted when no
 * session authenticates). A presented key must be valid — no fall-through. Then the route's scope
 * (`@RequireScope`, or read for GET and generate otherwise) is checked. Verifier failures fail closed
 * with 503 `auth_unavailable` (AUTH-6).
 */
@Injectable()
export class GenerationAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(API_KEY_VERIFIER) private readonly apiKeys?: ApiKeyVerifier,
    @Optional() @Inject(SESSION_VERIFIER) private readonly sessions?: SessionVerifier,
    @Optional() @Inject(ADMIN_SESSION_VERIFIER) private readonly admins?: AdminSessionVerifier,
    @Optional() @Inject(SECURITY_EVENTS) private readonly security?: SecurityEvents,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const verdict = await this.authenticate(request);
    if (!verdict.ok) {
      if (verdict.reason !== 'missing') await this.deny(request, 'anonymous', verdict.code, verdict.reason);
      throw credentialError(verdict);
    }
    const scope = requiredScope(this.reflector, context, request.method);
    if (!verdict.principal.scopes.includes(scope)) {
      await this.deny(request, actorOfPrincipal(verdict.principal), 'insufficient_scope', scope);
      throw new DomainError('insufficient_scope', `This API key lacks the "${scope}" scope.`, {
        userAction: `Ask an admin for a key with the "${scope}" scope.`,
        metadata: { required_scope: scope },
      });
    }
    request.principal = verdict.principal;
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<CredentialVerdict> {
    try {
      const header = request.headers['x-api-key'];
      if (header !== undefined) return await need(this.apiKeys).verifyApiKey(typeof header === 'string' ? header : '');
      const query = (request.query as Record<string, unknown> | undefined)?.api_key;
      if (query !== undefined) return await need(this.apiKeys).verifyApiKey(typeof query === 'string' ? query : '');
      const session = readCookie(request, SESSION_COOKIE);
      const admin = readCookie(request, ADMIN_SESSION_COOKIE);
      let verdict: CredentialVerdict = { ok: false, code: 'session_required', reason: 'missing' };
      if (session !== undefined) {
        verdict = await need(this.sessions).verifySession(session);
        if (verdict.ok) return verdict;
      }
      if (admin !== undefined) {
        const asAdmin = await need(this.admins).verifyAdminSession(admin, { touch: true });
        if (asAdmin.ok || session === undefined) return asAdmin.ok ? asAdmin : { ok: false, code: 'session_required', reason: `admin_${asAdmin.reason}` };
      }
      return verdict;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'auth_unavailable') throw error;
      throw authUnavailable(error);
    }
  }

  private async deny(request: FastifyRequest, actor: string, code: Denied['code'] | 'insufficient_scope', reason: string): Promise<void> {
    const route = request.routeOptions?.url ?? 'unknown';
    await this.security?.record({
      type: 'AccessDenied',
      action: actionForRoute(request.method, route),
      target: route,
      outcome: 'denied',
      reason: code,
      actor,
      source: request.ip,
      details: { why: reason },
    });
  }
}

function need<T>(verifier: T | undefined): T {
  if (!verifier) throw authUnavailable();
  return verifier;
}
