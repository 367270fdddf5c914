import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { WorkerErrorBody, WorkerErrorCode } from '../../contracts/worker-api/worker-api.js';
import type { FaultInjector } from './fault-injector.js';

/** An answer other than 2xx, always shaped `{code, detail, user_action}` (the contract, SEC-4). */
export class WorkerHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: WorkerErrorCode,
    detail: string,
    readonly userAction: string,
  ) {
    super(detail);
    this.name = 'WorkerHttpError';
  }

  body(): WorkerErrorBody {
    return { code: this.code, detail: this.message, user_action: this.userAction };
  }
}

export const CONTROL_ROUTE = '/_faults';

/**
 * Cross-cutting behaviour of every route: injected latency, bearer auth, injected 5xx answers, and the
 * translation of every failure (ours, Fastify's schema and parser errors, unknown routes) into the
 * contract's error body. Order matters: latency first (it models the network), then auth (faults are
 * only rolled for authenticated callers, so an auth test is never disturbed by dice), then the 5xx dice.
 */
export function installHttpPolicy(app: FastifyInstance, token: string, faults: FaultInjector): void {
  const expected = digest(token);

  app.addHook('onRequest', async (request) => {
    const control = request.url.startsWith(CONTROL_ROUTE);
    if (!control && faults.settings.latencyMs > 0) await delay(faults.settings.latencyMs);
    const header = request.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      throw new WorkerHttpError(
        401,
        'unauthorized',
        presented ? 'The bearer token is not valid for this worker.' : 'An Authorization: Bearer token is required.',
        'Check the worker account credentials in the admin area.',
      );
    }
    const status = control ? null : faults.rollRequestError();
    if (status !== null) {
      throw new WorkerHttpError(status, 'worker_unavailable', `Simulated ${status} answer.`, 'Retry shortly.');
    }
  });

  app.setErrorHandler((error: FastifyError | WorkerHttpError, _request, reply) => {
    const failure = error instanceof WorkerHttpError ? error : translateFrameworkError(error);
    return sendError(reply, failure);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new WorkerHttpError(404, 'not_found', `No route ${request.method} ${request.url}.`, 'Check the worker API version.')),
  );
}

export function sendError(reply: FastifyReply, error: WorkerHttpError): FastifyReply {
  return reply.code(error.status).header('content-type', 'application/json; charset=utf-8').send(error.body());
}

function translateFrameworkError(error: FastifyError): WorkerHttpError {
  if (error.validation) {
    return new WorkerHttpError(422, 'invalid_request', error.message, 'Fix the request body and submit again.');
  }
  const status = error.statusCode ?? 500;
  if (status === 413) {
    return new WorkerHttpError(413, 'payload_too_large', error.message, 'Send smaller reference images.');
  }
  if (status >= 400 && status < 500) {
    return new WorkerHttpError(400, 'invalid_request', error.message, 'Fix the request and try again.');
  }
  return new WorkerHttpError(500, 'worker_error', 'The worker failed to answer.', 'Retry; if it persists, check the worker logs.');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
