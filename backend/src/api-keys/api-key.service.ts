import { Inject, Injectable } from '@nestjs/common';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { ApiKeyScope } from '../../../contracts/events/api-key-events.js';
import { failClosed, type ApiKeyVerifier, type CredentialVerdict } from '../platform/auth/credential-verifier.port.js';
import { ALL_SCOPES, actorOfPrincipal, type Principal } from '../platform/auth/principal.js';
import { hashSecret, parseIdSecret, randomKeyId, randomSecret, sameSecret } from '../platform/auth/secret-token.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { requestCommandContext } from '../platform/event-sourcing/command-context.js';
import { ID_SOURCE, type IdSource } from '../platform/ids/id-source.js';
import { secretRedactor } from '../platform/logging/secret-redactor.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';
import { ApiKeyCommands } from './api-key-command.handler.js';
import { ApiKeyQuery, type ApiKeyView } from './api-key-list/api-key.query.js';
import { API_KEYS_PROJECTION } from './api-key-list/api-keys.projector.js';
import { ApiKeyUsageTracker } from './api-key-usage/api-key-usage.tracker.js';
import { MAX_KEY_LIFETIME_DAYS } from './api-key.decider.js';

/** How long the previous secret keeps working after a rotation unless the admin says otherwise. */
export const DEFAULT_ROTATION_GRACE_HOURS = 24;
const DAY_MS = 24 * 3600 * 1000;

export class IssueApiKeyBody {
  @IsString() @Matches(/\S/, { message: 'name must not be blank' }) @MaxLength(100) name!: string;
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(['generate', 'read'], { each: true }) scopes?: ApiKeyScope[];
  @IsOptional() @IsInt() @Min(1) @Max(MAX_KEY_LIFETIME_DAYS) expires_in_days?: number;
}

export class RotateApiKeyBody {
  /** 0 ends the previous secret at once (a leaked key); at most 168 (7 days). */
  @IsOptional() @IsInt() @Min(0) @Max(168) grace_hours?: number;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_KEY_LIFETIME_DAYS) expires_in_days?: number;
}

export interface IssuedApiKey {
  id: string;
  /** Shown once (AUTH-3); only the sha256 of its secret part is kept. */
  key: string;
  prefix: string;
  name: string;
  scopes: ApiKeyScope[];
  created_at: string;
  expires_at: string;
}

const KEY_ID = /^[0-9a-f]{16}$/;

/**
 * AUTH-3: issue (shown once), list, rotate with a grace period, revoke at once; and the key check behind
 * the platform's ApiKeyVerifier port. Keys are `gg_<id>_<secret>`: the id finds the row, the secret's sha256
 * is compared in constant time with the current (or, during a grace period, the previous) digest.
 */
@Injectable()
export class ApiKeyService implements ApiKeyVerifier {
  constructor(
    private readonly commands: ApiKeyCommands,
    private readonly keys: ApiKeyQuery,
    private readonly usage: ApiKeyUsageTracker,
    private readonly runtime: PlatformRuntime,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(body: IssueApiKeyBody, admin: Principal, source: string): Promise<IssuedApiKey> {
    const now = this.clock.now();
    const id = randomKeyId();
    const secret = randomSecret();
    const key = `gg_${id}_${secret}`;
    secretRedactor.register(key);
    const lifetime = body.expires_in_days ?? MAX_KEY_LIFETIME_DAYS;
    const data = {
      key_id: id,
      name: body.name.trim(),
      scopes: body.scopes ?? [...ALL_SCOPES],
      prefix: prefixOf(id, secret),
      secret_hash: hashSecret(secret),
      issued_at: now.toISOString(),
      expires_at: new Date(now.getTime() + lifetime * DAY_MS).toISOString(),
      lifetime_days: lifetime,
    };
    await this.run(id, { type: 'IssueApiKey', data }, admin, source);
    return { id, key, prefix: data.prefix, name: data.name, scopes: data.scopes, created_at: data.issued_at, expires_at: data.expires_at };
  }

  list(): Promise<ApiKeyView[]> {
    return failClosed(() => this.keys.list(this.clock.now()));
  }

  async rotate(id: string, body: RotateApiKeyBody, admin: Principal, source: string) {
    checkId(id);
    const now = this.clock.now();
    const secret = randomSecret();
    const key = `gg_${id}_${secret}`;
    secretRedactor.register(key);
    const state = await this.run(id, {
      type: 'RotateApiKey',
      data: {
        key_id: id,
        prefix: prefixOf(id, secret),
        secret_hash: hashSecret(secret),
        at: now.toISOString(),
        lifetime_days: body.expires_in_days,
        grace_seconds: (body.grace_hours ?? DEFAULT_ROTATION_GRACE_HOURS) * 3600,
      },
    }, admin, source);
    const rotated = state.events.find((event) => event.type === 'ApiKeyRotated')!.data as { prefix: string; expires_at: string; previous_prefix: string; previous_valid_until: string };
    return { id, key, prefix: rotated.prefix, expires_at: rotated.expires_at, previous_prefix: rotated.previous_prefix, previous_valid_until: rotated.previous_valid_until };
  }

  async revoke(id: string, admin: Principal, source: string): Promise<void> {
    checkId(id);
    await this.run(id, { type: 'RevokeApiKey', data: { key_id: id, at: this.clock.now().toISOString(), reason: 'revoked by an admin' } }, admin, source);
  }

  async verifyApiKey(presented: string): Promise<CredentialVerdict> {
    const configured = this.config.secrets.apiKey;
    if (configured !== null && sameSecret(presented, configured)) {
      return { ok: true, principal: { kind: 'api_key', id: 'env', scopes: ALL_SCOPES } };
    }
    const parsed = parseIdSecret(presented, 'gg');
    if (!parsed) return invalid('malformed');
    const row = await this.keys.byId(parsed.id);
    if (!row) return invalid('unknown');
    const digest = hashSecret(parsed.secret);
    const now = this.clock.now().getTime();
    const current = sameSecret(digest, row.secretHash);
    const previous = row.previousSecretHash !== null && sameSecret(digest, row.previousSecretHash);
    if (!current && !previous) return invalid('unknown');
    if (row.status === 'revoked') return invalid('revoked');
    if (current ? now >= Date.parse(row.expiresAt) : now >= Date.parse(row.previousValidUntil ?? '')) return invalid(current ? 'expired' : 'rotated');
    secretRedactor.register(presented);
    await this.usage.used(row.id);
    return { ok: true, principal: { kind: 'api_key', id: row.id, scopes: row.scopes } };
  }

  private run(id: string, command: Parameters<ApiKeyCommands['execute']>[1], admin: Principal, source: string) {
    return failClosed(async () => {
      const executed = await this.commands.execute(id, command, requestCommandContext(this.ids.next(), actorOfPrincipal(admin), source));
      await this.runtime.projections.waitFor(executed.position, { names: [API_KEYS_PROJECTION] });
      return executed;
    });
  }
}

function prefixOf(id: string, secret: string): string {
  return `gg_${id}_${secret.slice(0, 4)}`;
}

function invalid(reason: string): CredentialVerdict {
  return { ok: false, code: 'invalid_api_key', reason };
}

function checkId(id: string): void {
  if (!KEY_ID.test(id)) throw new DomainError('api_key_not_found', `No API key ${id}.`, { userAction: 'Check the id (GET /admin/api-keys).' });
}
