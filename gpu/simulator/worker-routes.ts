import { createReadStream } from 'node:fs';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CONTENT_SHA256_HEADER,
  WORKER_MODELS,
  type JobRequest,
  type WorkerHealth,
  type WorkerModel,
} from '../../contracts/worker-api/worker-api.js';
import { FAULT_PATCH_SCHEMA, type FaultPatch } from './fault-settings.js';
import type { FaultInjector } from './fault-injector.js';
import { JOB_REQUEST_SCHEMA } from './job-request.schema.js';
import type { JobRecord } from './job-record.js';
import type { JobRegistry } from './job-registry.js';
import { findRequestProblem } from './model-rules.js';
import { CONTROL_ROUTE, WorkerHttpError } from './worker-http-policy.js';

export interface WorkerRouteDeps {
  registry: JobRegistry;
  faults: FaultInjector;
  buildId: string;
  models: readonly WorkerModel[];
}

type JobParams = { Params: { id: string } };

/** The contract's routes (specs/worker-api.md) plus the `/_faults` control route for tests. */
export function registerWorkerRoutes(app: FastifyInstance, deps: WorkerRouteDeps): void {
  const { registry, faults } = deps;
  const heldSockets = new Set<Socket>();
  app.addHook('onClose', async () => {
    for (const socket of heldSockets) socket.destroy();
  });

  app.get('/health', async (): Promise<WorkerHealth> => ({
    ok: true,
    build_id: deps.buildId,
    models: [...deps.models],
    capacity: registry.capacity(),
  }));

  app.post<{ Body: JobRequest }>('/jobs', { schema: { body: JOB_REQUEST_SCHEMA } }, async (request, reply) => {
    const job = request.body;
    if (!(deps.models as readonly string[]).includes(job.model)) {
      const known = (WORKER_MODELS as readonly string[]).includes(job.model);
      throw new WorkerHttpError(
        422,
        'unsupported_model',
        known ? `This worker does not serve ${job.model}.` : `Unknown model ${job.model}.`,
        `Use one of: ${deps.models.join(', ')}.`,
      );
    }
    const problem = findRequestProblem(job);
    if (problem) throw new WorkerHttpError(422, 'invalid_request', problem, 'Fix the request body and submit again.');
    const outcome = registry.submit(job);
    switch (outcome.kind) {
      case 'created':
        return reply.code(202).send(outcome.record.status);
      case 'existing':
        return reply.code(200).send(outcome.record.status);
      case 'conflict':
        throw new WorkerHttpError(
          409,
          'job_conflict',
          `Job ${job.job_id} already exists with a different request.`,
          'Submit a new job with a new job_id.',
        );
      case 'queue_full':
        throw new WorkerHttpError(
          429,
          'capacity_exhausted',
          'Every lane is busy and the queue is full.',
          'Try another worker or retry in a moment.',
        );
      default: {
        const unreachable: never = outcome;
        return unreachable;
      }
    }
  });

  app.get<JobParams>('/jobs/:id', async (request, reply) => {
    if (faults.rollDropStatus()) return dropRequest(request, reply, faults.settings.dropStatusMode, heldSockets);
    return findJob(registry, request.params.id).status;
  });

  app.get<JobParams>('/jobs/:id/result', async (request, reply) => {
    const record = findJob(registry, request.params.id);
    const info = record.status.result;
    if (record.status.state !== 'succeeded' || !info || !record.resultPath) throw notFinished(record);
    return sendFile(reply, record.resultPath, info.content_type, info.bytes, info.sha256);
  });

  app.get<JobParams>('/jobs/:id/preview', async (request, reply) => {
    const record = findJob(registry, request.params.id);
    const info = record.status.preview;
    if (record.status.state !== 'succeeded' || !info || !record.previewPath) throw notFinished(record);
    return sendFile(reply, record.previewPath, info.content_type, info.bytes, info.sha256);
  });

  app.post<JobParams>('/jobs/:id/cancel', async (request) => {
    const record = registry.cancel(request.params.id);
    if (!record) throw jobNotFound(request.params.id);
    return record.status;
  });

  app.post<{ Body: FaultPatch | undefined }>(CONTROL_ROUTE, { schema: { body: FAULT_PATCH_SCHEMA } }, async (request) =>
    faults.update(request.body ?? {}),
  );
  app.get(CONTROL_ROUTE, async () => faults.settings);
}

function findJob(registry: JobRegistry, id: string): JobRecord {
  const record = registry.get(id);
  if (!record) throw jobNotFound(id);
  return record;
}

function jobNotFound(id: string): WorkerHttpError {
  return new WorkerHttpError(404, 'job_not_found', `No job ${id} on this worker.`, 'Submit the job again.');
}

function notFinished(record: JobRecord): WorkerHttpError {
  return new WorkerHttpError(
    409,
    'job_not_finished',
    `Job ${record.status.job_id} is ${record.status.state}; media exists only after success.`,
    'Poll the job status until it succeeds.',
  );
}

function sendFile(reply: FastifyReply, path: string, contentType: string, bytes: number, sha256: string): FastifyReply {
  return reply
    .header('content-type', contentType)
    .header('content-length', bytes)
    .header(CONTENT_SHA256_HEADER, sha256)
    .send(createReadStream(path));
}

/**
 * A lost status answer. `hold` leaves the caller waiting (it must time out on its own); `reset` kills
 * the connection at once. Held sockets are destroyed when the client gives up or the server closes.
 */
function dropRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  mode: 'hold' | 'reset',
  held: Set<Socket>,
): FastifyReply {
  reply.hijack();
  const socket = request.raw.socket;
  if (mode === 'reset') {
    socket.destroy();
    return reply;
  }
  held.add(socket);
  const timer = setTimeout(() => socket.destroy(), 300_000).unref();
  socket.once('close', () => {
    clearTimeout(timer);
    held.delete(socket);
  });
  return reply;
}
