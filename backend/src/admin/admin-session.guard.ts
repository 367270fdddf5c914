import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ADMIN_SESSION_COOKIE, readCookie } from '../platform/auth/auth-cookies.js';
import { credentialError, failClosed } from '../platform/auth/credential-verifier.port.js';
import { actorOfPrincipal, type RequestWithPrincipal } from '../platform/auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { actionForRoute } from '../platform/security/rate-limit.policy.js';
import { SECURITY_EVENTS, type SecurityEvents } from '../platform/security/security-events.port.js';
import { ADMIN_ACTION } from './admin-action.decorator.js';
import { adminCredentialInQuery } from './admin-credentials.js';
import { AdminSessionService } from './admin-session.service.js';

/**
 * Every /admin/* route except POST /admin/session (AUTH-4): the `gg_admin_session` cookie must name a live
 * admin session; each accepted request moves its idle timeout. Admin credentials in the query string are
 * refused (403 forbidden) and recorded. Sets `request.principal` to `{kind: 'admin', id: <session id>}`.
 * Use it as `@UseGuards(AdminSessionGuard)`; rate limits ran before it (global guard).
 */
@Injectable()
export class AdminSessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: AdminSessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECURITY_EVENTS) private readonly security: SecurityEvents,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const route = request.routeOptions?.url ?? 'unknown';
    const action = this.reflector.getAllAndOverride<string | undefined>(ADMIN_ACTION, [context.getHandler(), context.getClass()]) ?? actionForRoute(request.method, route);
    await refuseQueryCredentials(request, this.config.secrets.adminKey, (param) =>
      this.record(request, action, route, 'anonymous', 'denied', 'forbidden', { why: 'admin_credentials_in_query', param }),
    );
    const token = readCookie(request, ADMIN_SESSION_COOKIE);
    const verdict = token === undefined
      ? { ok: false as const, code: 'admin_session_required' as const, reason: 'missing' }
      : await failClosed(() => this.sessions.verifyAdminSession(token, { touch: true }));
    if (!verdict.ok) {
      await this.record(request, action, route, 'anonymous', 'denied', verdict.code, { why: verdict.reason });
      throw credentialError(verdict);
    }
    request.principal = verdict.principal;
    if (request.method === 'GET') await this.record(request, action, route, actorOfPrincipal(verdict.principal), 'success', 'ok', {});
    return true;
  }

  private record(request: FastifyRequest, action: string, target: string, actor: string, outcome: 'success' | 'denied', reason: string, details: Record<string, string>) {
    return this.security.record({ type: outcome === 'success' ? 'AdminRouteAccessed' : 'AccessDenied', action, target, outcome, reason, actor, source: request.ip, details });
  }
}

/** 403 `forbidden` when the query string carries an admin credential, after `record` put it on the audit trail. */
export async function refuseQueryCredentials(request: FastifyRequest, adminKey: string, record: (param: string) => Promise<void>): Promise<void> {
  const param = adminCredentialInQuery(request.query, adminKey);
  if (param === null) return;
  await record(param);
  throw new DomainError('forbidden', 'Admin credentials are never accepted in a query string.', {
    userAction: 'Send the admin key only in the X-Admin-Key header of POST /admin/session, and rotate it: URLs end up in logs.',
    metadata: { reason: 'admin_credentials_in_query', parameter: param },
  });
}
