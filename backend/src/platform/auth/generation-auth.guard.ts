import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ANONYMOUS, type RequestWithPrincipal } from './principal.js';

/**
 * The single seam where authentication of generation and media routes plugs in. Until sessions and API
 * keys exist (the auth issue), every caller is the anonymous principal — development only.
 */
@Injectable()
export class GenerationAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    request.principal ??= ANONYMOUS;
    return true;
  }
}
