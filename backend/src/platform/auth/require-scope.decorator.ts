import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Scope } from './principal.js';

export const REQUIRED_SCOPE = 'gg:required-scope';

/**
 * Declares the API-key scope a route needs. Without it, GenerationAuthGuard derives it from the method:
 * GET/HEAD need `read`, everything else `generate` (AUTH-3; see specs/security.md).
 */
export const RequireScope = (scope: Scope): ClassDecorator & MethodDecorator => SetMetadata(REQUIRED_SCOPE, scope);

export function requiredScope(reflector: Reflector, context: ExecutionContext, method: string): Scope {
  const declared = reflector.getAllAndOverride<Scope | undefined>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]);
  return declared ?? (method === 'GET' || method === 'HEAD' ? 'read' : 'generate');
}
