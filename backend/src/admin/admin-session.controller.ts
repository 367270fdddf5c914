import { Controller, Delete, Get, Headers, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ADMIN_SESSION_COOKIE, authCookieOptions, clearedCookieOptions, readCookie } from '../platform/auth/auth-cookies.js';
import { ClientSource, CurrentPrincipal, type Principal } from '../platform/auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { SECURITY_EVENTS, type SecurityEvents } from '../platform/security/security-events.port.js';
import { AdminAction } from './admin-action.decorator.js';
import { AdminSessionGuard, refuseQueryCredentials } from './admin-session.guard.js';
import { ADMIN_IDLE_TIMEOUT_SECONDS, ADMIN_SESSION_LIFETIME_SECONDS, AdminSessionService } from './admin-session.service.js';

/** POST|GET|DELETE /admin/session (AUTH-4, COMPAT). */
@ApiTags('admin')
@Controller('admin/session')
export class AdminSessionController {
  constructor(
    private readonly sessions: AdminSessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECURITY_EVENTS) private readonly security: SecurityEvents,
  ) {}

  @Post()
  @HttpCode(204)
  @ApiOperation({ summary: 'Open an admin session with the X-Admin-Key header (only there): sets gg_admin_session (30 min idle, 12 h absolute)' })
  async create(
    @Headers('x-admin-key') adminKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @ClientSource() source: string,
  ): Promise<void> {
    await refuseQueryCredentials(request, this.config.secrets.adminKey, (param) =>
      this.security.record({
        type: 'AccessDenied',
        action: 'admin_session_create',
        target: '/admin/session',
        outcome: 'denied',
        reason: 'forbidden',
        actor: 'anonymous',
        source,
        details: { why: 'admin_credentials_in_query', param },
      }),
    );
    const session = await this.sessions.login(adminKey, source);
    void reply.setCookie(ADMIN_SESSION_COOKIE, session.token, authCookieOptions(request, this.config, { maxAgeSeconds: ADMIN_SESSION_LIFETIME_SECONDS, sameSite: 'strict' }));
  }

  @Get()
  @UseGuards(AdminSessionGuard)
  @AdminAction('admin_session_get')
  async get(@Req() request: FastifyRequest) {
    const inspection = await this.sessions.inspect(readCookie(request, ADMIN_SESSION_COOKIE)!, { touch: false });
    return {
      active: inspection.verdict.ok,
      idle_timeout_seconds: ADMIN_IDLE_TIMEOUT_SECONDS,
      last_activity_at: inspection.lastActivityAt,
      expires_at: inspection.row?.expiresAt ?? null,
    };
  }

  @Delete()
  @HttpCode(204)
  @UseGuards(AdminSessionGuard)
  async remove(@CurrentPrincipal() admin: Principal, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @ClientSource() source: string) {
    await this.sessions.logout(admin.id, source);
    void reply.clearCookie(ADMIN_SESSION_COOKIE, clearedCookieOptions(request, this.config, 'strict'));
  }
}
