import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  normalizeIp,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { ADMIN_SESSION_COOKIE, readCookie } from '../auth/auth-cookies.js';
import { authUnavailable } from '../auth/credential-verifier.port.js';
import { hashSecret } from '../auth/secret-token.js';
import { DomainError } from '../errors/domain-error.js';
import { actionForRoute, RATE_LIMITS, rateLimitsFor, type RateLimitName } from './rate-limit.policy.js';
import { SECURITY_EVENTS, type SecurityEvents } from './security-events.port.js';

/**
 * SEC-1 on @nestjs/throttler. A global guard, so it runs before every controller's authentication guard:
 * a throttled request with a bad key is answered `rate_limited`, not `invalid_api_key`. The client address
 * is Fastify's `request.ip`, which follows X-Forwarded-For only through TRUST_PROXY's proxies.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(SECURITY_EVENTS) private readonly security: SecurityEvents,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw authUnavailable(error);
    }
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const route = routeOf(request);
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    await this.security.record({
      type: 'RequestThrottled',
      action: actionForRoute(request.method, route),
      target: route,
      outcome: 'throttled',
      reason: 'rate_limited',
      actor: 'anonymous',
      source: request.ip,
      details: { limit: detail.limit, window_seconds: Math.round(detail.ttl / 1000) },
    });
    throw new DomainError('rate_limited', `Too many requests: at most ${detail.limit} per ${Math.round(detail.ttl / 1000)} s.`, {
      userAction: 'Wait for the time in Retry-After, then try again.',
      metadata: { retry_after_seconds: retryAfter, limit: detail.limit, window_seconds: Math.round(detail.ttl / 1000) },
    });
  }
}

export function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? request.url.split('?')[0];
}

/** The throttlers, each applying only to its routes and keyed as the policy says. */
export function throttlerOptions(storage: ThrottlerStorage): ThrottlerModuleOptions {
  return {
    storage,
    setHeaders: false,
    throttlers: RATE_LIMITS.map((limit) => ({
      name: limit.name,
      limit: limit.limit,
      ttl: limit.ttlMs,
      skipIf: (context: ExecutionContext) => {
        const request = context.switchToHttp().getRequest<FastifyRequest>();
        return !rateLimitsFor(request.method, routeOf(request)).includes(limit.name as RateLimitName);
      },
      getTracker: (request: Record<string, unknown>) => trackerFor(limit.per, request as unknown as FastifyRequest),
      generateKey: (_context: ExecutionContext, tracker: string, name: string) => hashSecret(`${name}\u001f${tracker}`),
    })),
  };
}

function trackerFor(per: 'ip' | 'admin-session', request: FastifyRequest): string {
  if (per === 'admin-session') {
    const cookie = readCookie(request, ADMIN_SESSION_COOKIE);
    if (cookie) return `admin-session:${hashSecret(cookie)}`;
  }
  return `ip:${normalizeIp(request.ip)}`;
}
