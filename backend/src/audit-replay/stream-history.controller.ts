import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { taskStream } from '../../../contracts/events/task-events.js';
import { AdminAction, AdminSessionGuard } from '../admin/index.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { parseAsOf } from './auditor-request.parser.js';
import { StreamHistory, type StreamHistoryView, type TimelineEntry } from './stream-history.service.js';

const MAX_NAME = 256;

/** A task's full timeline and any stream as of a position or time (AUD-4). */
@ApiTags('auditor')
@UseGuards(AdminSessionGuard)
@Controller('admin')
export class StreamHistoryController {
  constructor(private readonly history: StreamHistory) {}

  @Get('tasks/:id/events')
  @AdminAction('task_events_read')
  @ApiOperation({ summary: "Every event of the task's stream with the task state after each; deleted tasks included" })
  taskEvents(@Param('id') id: string): Promise<StreamHistoryView<TimelineEntry>> {
    return this.history.timeline(taskStream(checkName(id)));
  }

  @Get('streams/:stream')
  @AdminAction('stream_read')
  @ApiOperation({ summary: 'A stream as of `at` (a position or an ISO time; omitted = now): its events and folded state' })
  stream(@Param('stream') stream: string, @Query('at') at: unknown): Promise<StreamHistoryView> {
    return this.history.asOf(checkName(stream), parseAsOf(at));
  }
}

function checkName(name: string): string {
  if (name.length === 0 || name.length > MAX_NAME) {
    throw new DomainError('stream_not_found', 'No such stream.', { userAction: 'Check the stream name (e.g. task-<id>) or the task id.' });
  }
  return name;
}
