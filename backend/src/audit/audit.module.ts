import { Module } from '@nestjs/common';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { AuditController } from './audit.controller.js';
import { AuditProjector } from './audit.projector.js';
import { AuditQuery } from './audit.query.js';

export const AUDIT_ENTITIES = [AuditEntryEntity];

/** The audit read model and its admin routes (AUD-1, AUD-2). */
@Module({
  controllers: [AuditController],
  providers: [AuditProjector, AuditQuery],
  exports: [AuditQuery],
})
export class AuditModule {}
