import { Inject, Injectable } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { failClosed } from '../platform/auth/credential-verifier.port.js';
import { actorOfPrincipal, type Principal } from '../platform/auth/principal.js';
import { hashSecret, randomKeyId, randomSecret } from '../platform/auth/secret-token.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { requestCommandContext } from '../platform/event-sourcing/command-context.js';
import { ID_SOURCE, type IdSource } from '../platform/ids/id-source.js';
import { secretRedactor } from '../platform/logging/secret-redactor.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';
import { AccessCodeQuery, type AccessCodeView } from './access-codes/access-code.query.js';
import { ACCESS_CODES_PROJECTION } from './access-codes/access-codes.projector.js';
import { SessionCommands } from './session-command.handler.js';

export class IssueAccessCodeBody {
  @IsOptional() @IsString() @MaxLength(200) label?: string;
  /** 1 = one-time (default). */
  @IsOptional() @IsInt() @Min(1) @Max(100_000) max_uses?: number;
  /** Default 7 days, at most 90 days. */
  @IsOptional() @IsInt() @Min(1) @Max(2160) expires_in_hours?: number;
}

export interface IssuedAccessCode {
  id: string;
  /** Shown once; only its sha256 is kept. */
  code: string;
  prefix: string;
  label: string;
  max_uses: number;
  expires_at: string;
}

/** Admin side of invite access codes (AUTH-2 invite mode): issue (shown once), list, revoke. */
@Injectable()
export class AccessCodeService {
  constructor(
    private readonly commands: SessionCommands,
    private readonly codes: AccessCodeQuery,
    private readonly runtime: PlatformRuntime,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  async issue(body: IssueAccessCodeBody, admin: Principal, source: string): Promise<IssuedAccessCode> {
    const now = this.clock.now();
    const id = randomKeyId();
    const secret = randomSecret();
    const code = `ggc_${id}_${secret}`;
    secretRedactor.register(code);
    const data = {
      code_id: id,
      code_hash: hashSecret(secret),
      prefix: `ggc_${id}_${secret.slice(0, 4)}`,
      label: body.label?.trim() ?? '',
      max_uses: body.max_uses ?? 1,
      expires_at: new Date(now.getTime() + (body.expires_in_hours ?? 168) * 3_600_000).toISOString(),
    };
    await failClosed(async () => {
      const executed = await this.commands.accessCode(id, { type: 'IssueAccessCode', data }, requestCommandContext(this.ids.next(), actorOfPrincipal(admin), source));
      await this.runtime.projections.waitFor(executed.position, { names: [ACCESS_CODES_PROJECTION] });
    });
    return { id, code, prefix: data.prefix, label: data.label, max_uses: data.max_uses, expires_at: data.expires_at };
  }

  list(): Promise<AccessCodeView[]> {
    return this.codes.list(this.clock.now());
  }

  async revoke(id: string, admin: Principal, source: string): Promise<void> {
    if (!/^[0-9a-f]{16}$/.test(id)) throw notFound(id);
    await failClosed(async () => {
      const executed = await this.commands.accessCode(id, { type: 'RevokeAccessCode', data: { code_id: id } }, requestCommandContext(this.ids.next(), actorOfPrincipal(admin), source));
      await this.runtime.projections.waitFor(executed.position, { names: [ACCESS_CODES_PROJECTION] });
    });
  }
}

function notFound(id: string): DomainError {
  return new DomainError('access_code_not_found', `No access code ${id}.`, { userAction: 'Check the id (GET /admin/access-codes).' });
}
