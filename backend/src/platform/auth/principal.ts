import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';

export type Scope = 'generate' | 'read';

/** Who is calling: the owner recorded on tasks and the subject of authorisation (AUTH-1, GAL-2). */
export interface Principal {
  kind: 'session' | 'api_key' | 'anonymous' | 'admin';
  id: string;
  scopes: readonly Scope[];
}

/** Kept for tools and tests that act outside HTTP; no HTTP route ever runs as this principal. */
export const ANONYMOUS: Principal = { kind: 'anonymous', id: 'anonymous', scopes: ['generate', 'read'] };

export const ALL_SCOPES: readonly Scope[] = ['generate', 'read'];

export interface RequestWithPrincipal {
  principal?: Principal;
}

/**
 * The principal the authentication guard attached to the request. A route that forgot the guard fails
 * closed (401) instead of running anonymously (AUTH-6).
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
  if (!request.principal) {
    throw new DomainError('session_required', 'This route needs a session or an API key.', {
      userAction: 'Create a session with POST /auth/session or send X-API-Key.',
    });
  }
  return request.principal;
});

/** The client address the HTTP layer trusts (the socket, or the proxy chain when TRUST_PROXY says so). */
export const ClientSource = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<{ ip?: string }>().ip ?? 'unknown';
});

/** `kind:id`, the actor recorded in event metadata. */
export function actorOfPrincipal(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}
