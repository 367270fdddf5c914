import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authCookieOptions, clearedCookieOptions, readCookie, SESSION_COOKIE } from '../platform/auth/auth-cookies.js';
import { ClientSource } from '../platform/auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { SESSION_LIFETIME_SECONDS, SessionService } from './session.service.js';

/** POST|GET|DELETE /auth/session (AUTH-2, COMPAT). */
@ApiTags('auth')
@Controller('auth/session')
export class SessionsController {
  constructor(
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(204)
  @ApiOperation({ summary: 'Issue a gg_session cookie (24 h). In invite mode the body must be {"access_code": "…"}' })
  async create(@Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @ClientSource() source: string): Promise<void> {
    const accessCode = typeof body === 'object' && body !== null ? (body as { access_code?: unknown }).access_code : undefined;
    const issued = await this.sessions.issue(source, accessCode);
    void reply.setCookie(SESSION_COOKIE, issued.token, authCookieOptions(request, this.config, { maxAgeSeconds: SESSION_LIFETIME_SECONDS, sameSite: 'lax' }));
  }

  @Get()
  @ApiOperation({ summary: 'Whether the gg_session cookie is a valid session, and until when (always 200)' })
  async get(@Req() request: FastifyRequest) {
    const description = await this.sessions.describe(readCookie(request, SESSION_COOKIE));
    return { ...description, access_mode: this.config.auth.accessMode };
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the session (effective for the very next request) and clear the cookie' })
  async remove(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @ClientSource() source: string): Promise<void> {
    await this.sessions.revoke(readCookie(request, SESSION_COOKIE), source);
    void reply.clearCookie(SESSION_COOKIE, clearedCookieOptions(request, this.config, 'lax'));
  }
}
