import { Controller, Get, Inject, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GenerationAuthGuard } from '../platform/auth/generation-auth.guard.js';
import { BLOB_STORE, type BlobStore } from '../platform/blob-store/blob-store.port.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { checkTaskId } from './generation.controller.js';
import { TaskStatusQuery } from './task-status/task-status.query.js';

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'video/mp4': 'mp4', 'video/webm': 'webm' };

/** GET /results/{id} and /preview/{id} (GEN-4): the stored media with Range, ETag and the right type. */
@ApiTags('generation')
@UseGuards(GenerationAuthGuard)
@Controller()
export class TaskMediaController {
  constructor(
    private readonly statuses: TaskStatusQuery,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  @Get('results/:id')
  result(@Param('id') id: string, @Query('download') download: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.serve(id, 'result', download, request, reply);
  }

  @Get('preview/:id')
  preview(@Param('id') id: string, @Query('download') download: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.serve(id, 'preview', download, request, reply);
  }

  private async serve(id: string, kind: 'result' | 'preview', download: string | undefined, request: FastifyRequest, reply: FastifyReply) {
    const row = await this.statuses.row(checkTaskId(id));
    const media = kind === 'result' ? row.result : row.preview;
    if (row.status !== 'done' || !media) {
      throw new DomainError(`${kind}_not_ready`, `Task ${id} is ${row.status}; its ${kind} is not available.`, {
        userAction: row.status === 'failed' || row.status === 'canceled' ? 'This task has no output; retry it.' : 'Wait until the task is done (GET /status/{id}).',
      });
    }
    const stat = await this.blobs.stat(media.sha256);
    if (!stat) {
      throw new DomainError('result_file_missing', `The ${kind} of task ${id} is recorded but its file is gone.`, { userAction: 'Retry the task to make it again.' });
    }
    const etag = `"${media.sha256}"`;
    const disposition = download !== undefined && download !== '0' ? 'attachment' : 'inline';
    void reply
      .header('ETag', etag)
      .header('Accept-Ranges', 'bytes')
      .header('Cache-Control', 'private, max-age=31536000, immutable')
      .header('Content-Disposition', `${disposition}; filename="gooni-${id}${kind === 'preview' ? '-preview' : ''}.${EXTENSIONS[media.mime] ?? 'bin'}"`);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    const range = parseRange(request.headers.range, stat.bytes);
    if (range === 'unsatisfiable') {
      return reply.code(416).header('Content-Range', `bytes */${stat.bytes}`).type('application/json').send({
        code: 'range_not_satisfiable',
        detail: `The file has ${stat.bytes} bytes.`,
        user_action: 'Ask for a range inside the file.',
      });
    }
    void reply.type(media.mime);
    if (range) {
      return reply
        .code(206)
        .header('Content-Range', `bytes ${range.start}-${range.end}/${stat.bytes}`)
        .header('Content-Length', range.end - range.start + 1)
        .send(this.blobs.stream(media.sha256, range));
    }
    return reply.header('Content-Length', stat.bytes).send(this.blobs.stream(media.sha256));
  }
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; anything else is served whole. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return null;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
