import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAction, AdminSessionGuard } from '../admin/index.js';
import { AuditQuery, bounded, type AuditEntryView, type AuditFilter } from './audit.query.js';

/** GET /admin/audit (AUD-2) and the predecessor's GET /admin/logs (COMPAT); admin session required. */
@ApiTags('admin')
@UseGuards(AdminSessionGuard)
@Controller('admin')
export class AuditController {
  constructor(private readonly audit: AuditQuery) {}

  @Get('audit')
  @AdminAction('read_audit')
  @ApiOperation({ summary: 'Audit trail, newest first: ?actor=&action=&target=&outcome=&from=&to=&cursor=&limit= (≤ 500)' })
  list(@Query() query: AuditFilter) {
    return this.audit.page(query);
  }

  @Get('logs')
  @AdminAction('read_logs')
  @ApiOperation({ summary: 'The audit trail in the predecessor shape {logs: [{id, ts, ip, action, details, success}]} (?limit ≤ 1000, default 100)' })
  async logs(@Query('limit') limit: string | undefined) {
    const page = await this.audit.page({ limit: bounded(limit, 100, 1000, 'limit') }, 1000);
    return { logs: page.entries.map(toLog) };
  }
}

/** The predecessor's row: `details` a `key=value; …` string, `success` 1 or 0. */
export function toLog(entry: AuditEntryView) {
  const details = Object.entries({ outcome: entry.outcome, target: entry.target, actor: entry.actor, count: entry.count, ...entry.details })
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('; ');
  return { id: entry.id, ts: entry.timestamp, ip: entry.source, action: entry.action, details, success: entry.outcome === 'success' ? 1 : 0 };
}
