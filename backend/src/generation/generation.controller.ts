import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GenerationAuthGuard } from '../platform/auth/generation-auth.guard.js';
import { ClientSource, CurrentPrincipal, type Principal } from '../platform/auth/principal.js';
import { CATALOG, type Catalog } from '../platform/catalog/index.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { SubmissionService, type SubmissionReceipt } from './submission.service.js';
import { TaskActions } from './task-actions.service.js';
import { TaskChangeNotifier } from './task-change.notifier.js';
import { TaskStatusQuery, type TaskStatusView } from './task-status/task-status.query.js';

const TASK_ID = /^[A-Za-z0-9-]{1,64}$/;
const TERMINAL = new Set(['done', 'failed', 'canceled']);

export function checkTaskId(id: string): string {
  if (!TASK_ID.test(id)) throw new DomainError('task_not_found', 'No such task.', { userAction: 'Check the task id.' });
  return id;
}

/** The generation API (GEN-1..5, CAT-3, COMPAT); contract in specs/http-api.md. */
@ApiTags('generation')
@UseGuards(GenerationAuthGuard)
@Controller()
export class GenerationController {
  constructor(
    @Inject(CATALOG) private readonly catalog: Catalog,
    private readonly submissions: SubmissionService,
    private readonly actions: TaskActions,
    private readonly statuses: TaskStatusQuery,
    private readonly notifier: TaskChangeNotifier,
  ) {}

  @Get('models')
  @ApiOperation({ summary: 'The model catalog: the predecessor shape plus the whole inference_settings.json' })
  models() {
    return { ...this.catalog.toCompatModels(), catalog: this.catalog.settings };
  }

  @Post('generate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a generation task; answers at once with its id (GEN-1)' })
  generate(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @ClientSource() source: string,
  ): Promise<SubmissionReceipt> {
    return this.submissions.submit(body, principal, source, idempotencyKey);
  }

  @Get('status/:id')
  status(@Param('id') id: string): Promise<TaskStatusView> {
    return this.statuses.view(checkTaskId(id));
  }

  @Get('status/:id/stream')
  @ApiOperation({ summary: 'Server-Sent Events with the status document on every change, until a terminal state' })
  async stream(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const first = await this.statuses.view(checkTaskId(id));
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    let last = '';
    let closed = false;
    let chain = Promise.resolve();
    const close = () => {
      if (closed) return;
      closed = true;
      unlisten();
      clearInterval(heartbeat);
      raw.end();
    };
    const send = (view: TaskStatusView) => {
      const json = JSON.stringify(view);
      if (json !== last && !closed) {
        last = json;
        raw.write(`event: status\ndata: ${json}\n\n`);
      }
      if (TERMINAL.has(view.status)) close();
    };
    const refresh = () => {
      chain = chain.then(async () => {
        if (closed) return;
        try {
          send(await this.statuses.view(id));
        } catch {
          close();
        }
      });
    };
    const unlisten = this.notifier.listen(id, refresh);
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    request.raw.on('close', close);
    send(first);
    // A change may have landed between the first read and listening.
    refresh();
  }

  @Post('tasks/:id/cancel')
  @HttpCode(200)
  async cancel(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @ClientSource() source: string): Promise<TaskStatusView> {
    await this.actions.cancel(checkTaskId(id), principal, source);
    return this.statuses.view(id);
  }

  @Post('tasks/:id/retry')
  @HttpCode(200)
  retry(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @ClientSource() source: string) {
    return this.actions.retry(checkTaskId(id), principal, source);
  }
}
