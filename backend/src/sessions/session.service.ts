import { Inject, Injectable, Logger } from '@nestjs/common';
import { ALL_SCOPES } from '../platform/auth/principal.js';
import { failClosed, type CredentialVerdict, type SessionVerifier } from '../platform/auth/credential-verifier.port.js';
import { hashSecret, parseIdSecret, randomSecret } from '../platform/auth/secret-token.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { requestCommandContext, systemCommandContext } from '../platform/event-sourcing/command-context.js';
import { derivedId, ID_SOURCE, type IdSource } from '../platform/ids/id-source.js';
import { currentCorrelationId } from '../platform/logging/request-context.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';
import { SECURITY_EVENTS, type SecurityEvents } from '../platform/security/security-events.port.js';
import { refused } from './access-code.decider.js';
import { ACCESS_CODES_PROJECTION } from './access-codes/access-codes.projector.js';
import { SessionCommands } from './session-command.handler.js';
import type { SessionEntity } from './session-lookup/session.entity.js';
import { SessionQuery } from './session-lookup/session.query.js';
import { SESSIONS_PROJECTION } from './session-lookup/sessions.projector.js';

/** AUTH-2: 24 h absolute, never extended. */
export const SESSION_LIFETIME_SECONDS = 24 * 60 * 60;
const TOKEN = /^ggs_[A-Za-z0-9_-]{43}$/;

export interface SessionDescription {
  valid: boolean;
  active: boolean;
  expires_at: string | null;
  reason: string | null;
}

/**
 * Issues, checks and revokes generation sessions. The cookie carries an opaque 256-bit token; only its
 * sha256 is stored (in the SessionIssued event and the sessions read model). Implements the platform's
 * SessionVerifier port, which GenerationAuthGuard calls.
 */
@Injectable()
export class SessionService implements SessionVerifier {
  private readonly logger = new Logger('Sessions');

  constructor(
    private readonly commands: SessionCommands,
    private readonly sessions: SessionQuery,
    private readonly runtime: PlatformRuntime,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SECURITY_EVENTS) private readonly security: SecurityEvents,
  ) {}

  async issue(source: string, accessCode: unknown): Promise<{ token: string; sessionId: string; expiresAt: string }> {
    const now = this.clock.now();
    const sessionId = this.ids.next();
    const waitFor = [SESSIONS_PROJECTION];
    let accessCodeId: string | null = null;
    if (this.config.auth.accessMode === 'invite') {
      accessCodeId = await this.redeem(accessCode, sessionId, source, now);
      waitFor.push(ACCESS_CODES_PROJECTION);
    }
    const token = `ggs_${randomSecret()}`;
    const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_SECONDS * 1000).toISOString();
    const actor = accessCodeId ? `access_code:${accessCodeId}` : 'anonymous';
    await failClosed(async () => {
      const executed = await this.commands.session(
        sessionId,
        { type: 'IssueSession', data: { session_id: sessionId, token_hash: hashSecret(token), issued_at: now.toISOString(), expires_at: expiresAt, access_code_id: accessCodeId } },
        requestCommandContext(derivedId(sessionId, 'issue'), actor, source),
      );
      await this.runtime.projections.waitFor(executed.position, { names: waitFor });
    });
    return { token, sessionId, expiresAt };
  }

  async verifySession(token: string): Promise<CredentialVerdict> {
    return (await this.inspect(token)).verdict;
  }

  async describe(token: string | undefined): Promise<SessionDescription> {
    if (token === undefined) return { valid: false, active: false, expires_at: null, reason: 'missing' };
    const { verdict, row } = await failClosed(() => this.inspect(token));
    return verdict.ok
      ? { valid: true, active: true, expires_at: row!.expiresAt, reason: null }
      : { valid: false, active: false, expires_at: row?.expiresAt ?? null, reason: verdict.reason };
  }

  /** Revocation is visible to the very next request: the answer waits for the read model. */
  async revoke(token: string | undefined, source: string): Promise<void> {
    if (token === undefined || !TOKEN.test(token)) return;
    await failClosed(async () => {
      const row = await this.sessions.byTokenHash(hashSecret(token));
      if (!row || row.status !== 'active') return;
      const executed = await this.commands.session(
        row.id,
        { type: 'RevokeSession', data: { session_id: row.id, reason: 'logout' } },
        requestCommandContext(this.ids.next(), `session:${row.id}`, source),
      );
      await this.runtime.projections.waitFor(executed.position, { names: [SESSIONS_PROJECTION] });
    });
  }

  private async inspect(token: string): Promise<{ verdict: CredentialVerdict; row: SessionEntity | null }> {
    if (!TOKEN.test(token)) return { verdict: { ok: false, code: 'session_required', reason: 'malformed' }, row: null };
    const row = await this.sessions.byTokenHash(hashSecret(token));
    if (!row) return { verdict: { ok: false, code: 'session_required', reason: 'unknown' }, row };
    if (row.status === 'revoked') return { verdict: { ok: false, code: 'session_required', reason: 'revoked' }, row };
    const now = this.clock.now();
    if (row.status === 'expired' || now.getTime() >= Date.parse(row.expiresAt)) {
      if (row.status === 'active') await this.recordExpiry(row.id, now);
      return { verdict: { ok: false, code: 'session_expired', reason: 'expired' }, row };
    }
    return { verdict: { ok: true, principal: { kind: 'session', id: row.id, scopes: ALL_SCOPES } }, row };
  }

  /** Written when a request first notices the expiry; the answer does not depend on it. */
  private async recordExpiry(sessionId: string, now: Date): Promise<void> {
    try {
      await this.commands.session(
        sessionId,
        { type: 'ExpireSession', data: { session_id: sessionId, at: now.toISOString() } },
        systemCommandContext(derivedId(sessionId, 'expire'), 'system', currentCorrelationId() ?? derivedId(sessionId, 'expire')),
      );
    } catch (error) {
      this.logger.warn({ msg: 'could not record a session expiry', session: sessionId, err: error });
    }
  }

  private async redeem(accessCode: unknown, sessionId: string, source: string, now: Date): Promise<string> {
    const parsed = typeof accessCode === 'string' ? parseIdSecret(accessCode, 'ggc') : null;
    try {
      if (!parsed) throw refused(accessCode === undefined ? 'access_code_required' : 'access_code_invalid', 'This server is invite-only; a valid access code is needed.');
      await failClosed(() => this.commands.accessCode(
        parsed.id,
        { type: 'RedeemAccessCode', data: { code_id: parsed.id, presented_hash: hashSecret(parsed.secret), session_id: sessionId, at: now.toISOString() } },
        requestCommandContext(derivedId(sessionId, 'redeem'), 'anonymous', source),
      ));
      return parsed.id;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'session_required') {
        await this.security.record({
          type: 'AccessDenied',
          action: 'session_create',
          target: parsed ? `access_code:${parsed.id}` : '/auth/session',
          outcome: 'denied',
          reason: 'session_required',
          actor: 'anonymous',
          source,
          details: { why: String(error.metadata?.reason ?? 'access_code_invalid') },
        });
      }
      throw error;
    }
  }
}
