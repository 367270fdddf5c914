import { Body, Controller, Inject, Post, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminAction, AdminSessionGuard } from '../admin/index.js';
import { actorOfPrincipal, ClientSource, CurrentPrincipal, type Principal } from '../platform/auth/principal.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { ProjectionMaintenance, type RebuildReport, type RebuildStarted } from '../platform/projections/projection-maintenance.js';
import { SECURITY_EVENTS, type SecurityEvents } from '../platform/security/security-events.port.js';
import { parseRebuildRequest } from './auditor-request.parser.js';

/** Rebuild every read model from position 0, in place or into scratch tables compared with the live ones (AUD-4, SC-7). */
@ApiTags('auditor')
@UseGuards(AdminSessionGuard)
@Controller('admin/projections')
export class ProjectionRebuildController {
  constructor(
    private readonly maintenance: ProjectionMaintenance,
    @Inject(SECURITY_EVENTS) private readonly security: SecurityEvents,
  ) {}

  @Post('rebuild')
  @AdminAction('projections_rebuild')
  @ApiOperation({ summary: '{verify: true}: 200 with the differences of a scratch rebuild; otherwise 202, rebuilding in place; 409 while one runs' })
  async rebuild(
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @ClientSource() source: string,
  ): Promise<RebuildReport | RebuildStarted> {
    const request = parseRebuildRequest(body);
    // Who rebuilt or verified what, and how it ended, goes on the audit trail (AUD-1); the guard records reads only.
    const record = (outcome: 'success' | 'denied', reason: string, details: Record<string, string | boolean>) =>
      this.security.record({
        type: 'AdminRouteAccessed',
        action: request.verify ? 'projections_verify' : 'projections_rebuild',
        target: request.name ?? 'all projections',
        outcome,
        reason,
        actor: actorOfPrincipal(principal),
        source,
        details: { verify: request.verify, ...details },
      });
    try {
      if (request.verify) {
        const report = await this.maintenance.verify(request.name);
        await record('success', 'ok', { identical: report.ok, differing: report.results.filter((result) => result.differences.length > 0).map((result) => result.projector).join(',') });
        void reply.status(200);
        return report;
      }
      const started = await this.maintenance.rebuild(request.name);
      await record('success', 'ok', { rebuilding: started.rebuilding.join(',') });
      void reply.status(202);
      return started;
    } catch (error) {
      if (error instanceof DomainError) await record('denied', error.code, {});
      throw error;
    }
  }
}
