import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who is calling: the owner recorded on tasks and the subject of authorisation (AUTH-1, GAL-2). */
export interface Principal {
  kind: 'session' | 'api_key' | 'anonymous' | 'admin';
  id: string;
  scopes: readonly ('generate' | 'read')[];
}

export const ANONYMOUS: Principal = { kind: 'anonymous', id: 'anonymous', scopes: ['generate', 'read'] };

export interface RequestWithPrincipal {
  principal?: Principal;
}

/** The principal the authentication guard attached to the request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
  return request.principal ?? ANONYMOUS;
});

/** The client address the HTTP layer trusts (the socket, or the proxy chain when TRUST_PROXY says so). */
export const ClientSource = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<{ ip?: string }>().ip ?? 'unknown';
});
