import { Global, Module } from '@nestjs/common';
import { SESSION_VERIFIER } from '../platform/auth/credential-verifier.port.js';
import { AccessCodeService } from './access-code.service.js';
import { AccessCodeEntity } from './access-codes/access-code.entity.js';
import { AccessCodeQuery } from './access-codes/access-code.query.js';
import { AccessCodesProjector } from './access-codes/access-codes.projector.js';
import { AccessCodesController } from './access-codes.controller.js';
import { ExecuteAccessCodeCommandHandler, ExecuteSessionCommandHandler, SessionCommands } from './session-command.handler.js';
import { SessionEntity } from './session-lookup/session.entity.js';
import { SessionQuery } from './session-lookup/session.query.js';
import { SessionsProjector } from './session-lookup/sessions.projector.js';
import { SessionService } from './session.service.js';
import { SessionsController } from './sessions.controller.js';

export const SESSIONS_ENTITIES = [SessionEntity, AccessCodeEntity];

const COMMANDS = [ExecuteSessionCommandHandler, ExecuteAccessCodeCommandHandler, SessionCommands];
const PROJECTORS = [SessionsProjector, AccessCodesProjector];
const QUERIES = [SessionQuery, AccessCodeQuery];
const SERVICES = [SessionService, AccessCodeService, { provide: SESSION_VERIFIER, useExisting: SessionService }];

/** Generation sessions and invite access codes (AUTH-2). Global: the platform's guard finds SESSION_VERIFIER. */
@Global()
@Module({
  controllers: [SessionsController, AccessCodesController],
  providers: [...COMMANDS, ...PROJECTORS, ...QUERIES, ...SERVICES],
  exports: [SESSION_VERIFIER],
})
export class SessionsModule {}
