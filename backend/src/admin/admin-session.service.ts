import { Inject, Injectable, Logger } from '@nestjs/common';
import { ALL_SCOPES } from '../platform/auth/principal.js';
import { authUnavailable, credentialError, failClosed, type AdminSessionVerifier, type CredentialVerdict } from '../platform/auth/credential-verifier.port.js';
import { createHmac } from 'node:crypto';
import { hashSecret, randomSecret, sameSecret } from '../platform/auth/secret-token.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { requestCommandContext, systemCommandContext } from '../platform/event-sourcing/command-context.js';
import { derivedId, ID_SOURCE, type IdSource } from '../platform/ids/id-source.js';
import { currentCorrelationId } from '../platform/logging/request-context.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';
import { SECURITY_EVENTS, type SecurityEvents } from '../platform/security/security-events.port.js';
import { AdminSessionCommands } from './admin-session-command.handler.js';
import type { AdminSessionEntity } from './admin-sessions/admin-session.entity.js';
import { AdminSessionQuery } from './admin-sessions/admin-session.query.js';
import { ADMIN_SESSIONS_PROJECTION } from './admin-sessions/admin-sessions.projector.js';

/** AUTH-4: 30 min without a request ends the session; 12 h after login it ends regardless. */
export const ADMIN_IDLE_TIMEOUT_SECONDS = 30 * 60;
export const ADMIN_SESSION_LIFETIME_SECONDS = 12 * 60 * 60;
const TOKEN = /^gga_[A-Za-z0-9_-]{43}$/;

export interface AdminSessionInspection {
  verdict: CredentialVerdict;
  row: AdminSessionEntity | null;
  lastActivityAt: string | null;
}

/**
 * Admin login with the X-Admin-Key header, the admin session check with its sliding idle timeout, and
 * logout. Implements the platform's AdminSessionVerifier port.
 */
@Injectable()
export class AdminSessionService implements AdminSessionVerifier {
  private readonly logger = new Logger('AdminSessions');

  constructor(
    private readonly commands: AdminSessionCommands,
    private readonly sessions: AdminSessionQuery,
    private readonly runtime: PlatformRuntime,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECURITY_EVENTS) private readonly security: SecurityEvents,
  ) {}

  async login(presented: string | string[] | undefined, source: string): Promise<{ token: string; id: string; expiresAt: string }> {
    const adminKey = this.config.secrets.adminKey;
    if (typeof adminKey !== 'string' || adminKey.length < 32) throw authUnavailable();
    const reason = presented === undefined ? 'admin_key_missing' : typeof presented !== 'string' || !sameSecret(presented, adminKey) ? 'admin_key_invalid' : null;
    if (reason) {
      await this.security.record({
        type: 'AccessDenied',
        action: 'admin_session_create',
        target: '/admin/session',
        outcome: 'denied',
        reason: 'admin_session_required',
        actor: 'anonymous',
        source,
        details: { why: reason },
      });
      throw credentialError({ ok: false, code: 'admin_session_required', reason });
    }
    const now = this.clock.now();
    const id = this.ids.next();
    const token = `gga_${randomSecret()}`;
    const expiresAt = new Date(now.getTime() + ADMIN_SESSION_LIFETIME_SECONDS * 1000).toISOString();
    await failClosed(async () => {
      await this.sessions.touch(id, now.toISOString());
      const executed = await this.commands.execute(
        id,
        {
          type: 'IssueAdminSession',
          data: {
            admin_session_id: id,
            token_hash: hashSecret(token),
            issued_at: now.toISOString(),
            expires_at: expiresAt,
            idle_timeout_seconds: ADMIN_IDLE_TIMEOUT_SECONDS,
            key_fingerprint: adminKeyFingerprint(adminKey),
          },
        },
        requestCommandContext(derivedId(id, 'issue'), `admin:${id}`, source),
      );
      await this.runtime.projections.waitFor(executed.position, { names: [ADMIN_SESSIONS_PROJECTION] });
    });
    return { token, id, expiresAt };
  }

  async verifyAdminSession(token: string, options: { touch: boolean }): Promise<CredentialVerdict> {
    return (await this.inspect(token, options)).verdict;
  }

  async inspect(token: string, options: { touch: boolean }): Promise<AdminSessionInspection> {
    const denied = (reason: string, row: AdminSessionEntity | null = null): AdminSessionInspection => ({
      verdict: { ok: false, code: 'admin_session_required', reason },
      row,
      lastActivityAt: null,
    });
    if (!TOKEN.test(token)) return denied('malformed');
    const row = await this.sessions.byTokenHash(hashSecret(token));
    if (!row) return denied('unknown');
    if (row.status !== 'active') return denied(row.status, row);
    // A new ADMIN_KEY ends every session the old key opened (recovery from a leaked key).
    if (!sameSecret(row.keyFingerprint, adminKeyFingerprint(this.config.secrets.adminKey))) return denied('admin_key_rotated', row);
    const now = this.clock.now();
    const lastActivityAt = (await this.sessions.lastActivity(row.id)) ?? row.issuedAt;
    if (now.getTime() >= Date.parse(row.expiresAt)) {
      await this.recordExpiry(row, 'absolute', now, lastActivityAt);
      return denied('expired', row);
    }
    if (now.getTime() - Date.parse(lastActivityAt) >= row.idleTimeoutSeconds * 1000) {
      await this.recordExpiry(row, 'idle', now, lastActivityAt);
      return denied('idle_timeout', row);
    }
    const seen = options.touch ? now.toISOString() : lastActivityAt;
    if (options.touch) await this.sessions.touch(row.id, seen);
    return { verdict: { ok: true, principal: { kind: 'admin', id: row.id, scopes: ALL_SCOPES } }, row, lastActivityAt: seen };
  }

  async logout(adminSessionId: string, source: string): Promise<void> {
    await failClosed(async () => {
      const executed = await this.commands.execute(
        adminSessionId,
        { type: 'RevokeAdminSession', data: { admin_session_id: adminSessionId } },
        requestCommandContext(this.ids.next(), `admin:${adminSessionId}`, source),
      );
      await this.runtime.projections.waitFor(executed.position, { names: [ADMIN_SESSIONS_PROJECTION] });
    });
  }

  private async recordExpiry(row: AdminSessionEntity, reason: 'idle' | 'absolute', now: Date, lastActivityAt: string): Promise<void> {
    try {
      const executed = await this.commands.execute(
        row.id,
        { type: 'ExpireAdminSession', data: { admin_session_id: row.id, reason, at: now.toISOString(), last_activity_at: lastActivityAt } },
        systemCommandContext(derivedId(row.id, 'expire'), 'system', currentCorrelationId() ?? derivedId(row.id, 'expire')),
      );
      await this.runtime.projections.waitFor(executed.position, { names: [ADMIN_SESSIONS_PROJECTION] });
    } catch (error) {
      this.logger.warn({ msg: 'could not record an admin session expiry', session: row.id, err: error });
    }
  }
}

/** Names the admin key without revealing it (see AdminSessionIssuedData.key_fingerprint). */
export function adminKeyFingerprint(adminKey: string): string {
  return createHmac('sha256', adminKey).update('gg-admin-session').digest('hex').slice(0, 16);
}
