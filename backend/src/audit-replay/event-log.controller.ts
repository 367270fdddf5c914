import { Controller, Get, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, EVENT_STORE_TRAITS, type EventStore, type EventStoreTraits } from '../platform/event-store/event-store.port.js';
import { exportLog, ndjsonLine, planExportPage } from '../platform/event-store/log-export.js';
import { verifyLog, type VerificationReport } from '../platform/event-store/log-verifier.js';
import { AdminAction, AdminSessionGuard } from '../admin/index.js';
import { parseExportQuery } from './auditor-request.parser.js';

/** Tamper check and NDJSON export of the whole log (AUD-3, AUD-4): the same code as the CLI's `events verify|export`. */
@ApiTags('auditor')
@UseGuards(AdminSessionGuard)
@Controller('admin')
export class EventLogController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(EVENT_STORE_TRAITS) private readonly traits: EventStoreTraits,
  ) {}

  @Get('audit/verify')
  @AdminAction('audit_verify')
  @ApiOperation({ summary: 'Walk the log: hash chains, positions and seals; names the first bad event (200 either way)' })
  verify(): Promise<VerificationReport> {
    return verifyLog(this.store, this.traits);
  }

  @Get('events')
  @AdminAction('events_export')
  @ApiOperation({ summary: 'NDJSON export of the log after `from`, at most `limit` events; X-Next-From / Link give the next page' })
  async export(@Query() query: Record<string, unknown>, @Res() reply: FastifyReply): Promise<void> {
    const { from, limit } = parseExportQuery(query);
    const page = await planExportPage(this.store, this.traits, from, limit);
    void reply.header('X-Next-From', String(page.through)).header('Cache-Control', 'no-store').type('application/x-ndjson; charset=utf-8');
    if (page.more) void reply.header('Link', `</admin/events?from=${page.through}&limit=${limit}>; rel="next"`);
    const chunks = async function* (store: EventStore) {
      for await (const batch of exportLog(store, { after: page.after, through: page.through })) {
        yield `${batch.map(ndjsonLine).join('\n')}\n`;
      }
    };
    await reply.send(Readable.from(chunks(this.store)));
  }
}
