import { Global, Module } from '@nestjs/common';
import { ADMIN_SESSION_VERIFIER } from '../platform/auth/credential-verifier.port.js';
import { AdminSessionCommands, ExecuteAdminSessionCommandHandler } from './admin-session-command.handler.js';
import { AdminSessionController } from './admin-session.controller.js';
import { AdminSessionGuard } from './admin-session.guard.js';
import { AdminSessionService } from './admin-session.service.js';
import { AdminSessionActivityEntity } from './admin-sessions/admin-session-activity.entity.js';
import { AdminSessionEntity } from './admin-sessions/admin-session.entity.js';
import { AdminSessionQuery } from './admin-sessions/admin-session.query.js';
import { AdminSessionsProjector } from './admin-sessions/admin-sessions.projector.js';

export const ADMIN_ENTITIES = [AdminSessionEntity, AdminSessionActivityEntity];

const COMMANDS = [ExecuteAdminSessionCommandHandler, AdminSessionCommands];
const PROJECTORS = [AdminSessionsProjector];
const QUERIES = [AdminSessionQuery];
const SERVICES = [AdminSessionService, AdminSessionGuard, { provide: ADMIN_SESSION_VERIFIER, useExisting: AdminSessionService }];

/**
 * Admin sessions (AUTH-4). Global so any feature's admin controller can say `@UseGuards(AdminSessionGuard)`
 * without importing this module, and the platform's guard finds ADMIN_SESSION_VERIFIER.
 */
@Global()
@Module({
  controllers: [AdminSessionController],
  providers: [...COMMANDS, ...PROJECTORS, ...QUERIES, ...SERVICES],
  exports: [AdminSessionService, AdminSessionGuard, ADMIN_SESSION_VERIFIER],
})
export class AdminModule {}
