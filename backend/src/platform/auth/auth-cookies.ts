import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';

export const SESSION_COOKIE = 'gg_session';
export const ADMIN_SESSION_COOKIE = 'gg_admin_session';

/** A cookie value the request carries (parsed by @fastify/cookie), or undefined. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const value = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * HttpOnly, Path=/, and Secure when the request came over HTTPS (as the trusted proxy chain reports it) or
 * COOKIE_SECURE=true. Max-Age equals the server-side absolute lifetime, so the browser drops the cookie
 * when the server would refuse it anyway.
 */
export function authCookieOptions(
  request: FastifyRequest,
  config: AppConfig,
  options: { maxAgeSeconds: number; sameSite: 'lax' | 'strict' },
): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: options.sameSite,
    path: '/',
    secure: config.auth.cookieSecure || request.protocol === 'https',
    maxAge: Math.max(0, Math.floor(options.maxAgeSeconds)),
  };
}

export function clearedCookieOptions(request: FastifyRequest, config: AppConfig, sameSite: 'lax' | 'strict'): CookieSerializeOptions {
  return { ...authCookieOptions(request, config, { maxAgeSeconds: 0, sameSite }), expires: new Date(0) };
}
