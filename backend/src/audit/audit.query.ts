import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { And, LessThan, MoreThanOrEqual, type DataSource, type FindOptionsWhere } from 'typeorm';
import { DomainError } from '../platform/errors/domain-error.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

export interface AuditFilter {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: string;
  /** ISO-8601; entries at or after. */
  from?: string;
  /** ISO-8601; entries strictly before. */
  to?: string;
  /** `next_cursor` of the previous page. */
  cursor?: string;
  /** 1–500, default 50. */
  limit?: number | string;
}

export interface AuditEntryView {
  id: number;
  event_id: string;
  type: string;
  timestamp: string;
  actor: string;
  source: string;
  action: string;
  target: string;
  outcome: string;
  correlation_id: string;
  count: number;
  details: Record<string, unknown>;
}

export interface AuditPage {
  entries: AuditEntryView[];
  next_cursor: string | null;
}

/**
 * The audit trail, newest first, filtered by actor, action, target, outcome and time, paginated by a cursor
 * (the position of the last entry seen). What GET /admin/audit answers (AUD-2); other admin views use it.
 */
@Injectable()
export class AuditQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** `maxLimit` lets the COMPAT route (GET /admin/logs) page up to 1000 rows. */
  async page(filter: AuditFilter = {}, maxLimit = 500): Promise<AuditPage> {
    const limit = bounded(filter.limit, 50, maxLimit, 'limit');
    const where: FindOptionsWhere<AuditEntryEntity> = {};
    for (const field of ['actor', 'action', 'target', 'outcome'] as const) {
      const value = filter[field];
      if (value !== undefined && value !== '') where[field] = String(value);
    }
    if (filter.cursor !== undefined && filter.cursor !== '') {
      if (!/^\d{1,15}$/.test(String(filter.cursor))) throw invalid('cursor', 'must be a next_cursor value from a previous page');
      where.position = LessThan(Number(filter.cursor));
    }
    const from = filter.from ? isoTime(filter.from, 'from') : null;
    const to = filter.to ? isoTime(filter.to, 'to') : null;
    if (from && to) where.timestamp = And(MoreThanOrEqual(from), LessThan(to));
    else if (from) where.timestamp = MoreThanOrEqual(from);
    else if (to) where.timestamp = LessThan(to);
    const rows = await this.dataSource.getRepository(AuditEntryEntity).find({ where, order: { position: 'DESC' }, take: limit + 1 });
    const entries = rows.slice(0, limit).map(toView);
    return { entries, next_cursor: rows.length > limit ? String(rows[limit - 1].position) : null };
  }
}

function toView(row: AuditEntryEntity): AuditEntryView {
  return {
    id: row.position,
    event_id: row.eventId,
    type: row.eventType,
    timestamp: row.timestamp,
    actor: row.actor,
    source: row.source,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    correlation_id: row.correlationId,
    count: row.count,
    details: row.details,
  };
}

export function bounded(raw: number | string | undefined, fallback: number, max: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw invalid(name, `must be a whole number from 1 to ${max}`);
  return value;
}

function isoTime(raw: string, name: string): string {
  const time = Date.parse(String(raw));
  if (Number.isNaN(time)) throw invalid(name, 'must be an ISO-8601 time such as 2026-01-31T00:00:00Z');
  return new Date(time).toISOString();
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('validation_error', `${field} ${message}.`, {
    userAction: 'Fix the query parameter and retry.',
    metadata: { fields: [{ field, code: 'invalid', message }] },
  });
}
