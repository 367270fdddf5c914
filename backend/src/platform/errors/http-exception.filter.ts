import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error.js';
import { secretRedactor } from '../logging/secret-redactor.js';
import { statusForCode } from './error-status.js';

export interface ErrorBody {
  code: string;
  detail: string;
  user_action: string;
  metadata?: Record<string, unknown>;
}

const FRAMEWORK_CODES: Record<number, { code: string; action: string }> = {
  400: { code: 'bad_request', action: 'Check that the body is valid JSON and matches the API documentation at /docs.' },
  404: { code: 'route_not_found', action: 'Check the URL and method against the API documentation at /docs.' },
  405: { code: 'method_not_allowed', action: 'Use a method this route supports (see /docs).' },
  413: { code: 'payload_too_large', action: 'Send a smaller body; reference images may be at most 12 MB each.' },
  415: { code: 'unsupported_media_type', action: 'Send the body as application/json.' },
  429: { code: 'rate_limited', action: 'Wait for the time in Retry-After, then try again.' },
};

/**
 * Every non-2xx answer leaves through here as {code, detail, user_action, metadata?} (SEC-4). Domain
 * errors keep their code; framework and Fastify errors get a stable code; anything else is a 500 whose
 * detail reveals nothing about the internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const { status, body, headers } = toErrorResponse(exception);
    // AUD-5: a detail may quote a value the client sent; never echo a known secret or token.
    body.detail = secretRedactor.redact(body.detail);
    if (status >= 500) {
      this.logger.error({ msg: 'request failed', code: body.code, method: request?.method, url: request?.routeOptions?.url, err: exception });
    }
    if (reply.sent) return;
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    void reply.status(status).type('application/json; charset=utf-8').send(body);
  }
}

export function toErrorResponse(exception: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (exception instanceof DomainError) {
    const status = statusForCode(exception.code) ?? 500;
    const body: ErrorBody = { code: exception.code, detail: exception.message, user_action: exception.userAction };
    if (exception.metadata) body.metadata = exception.metadata;
    const headers: Record<string, string> = {};
    const retryAfter = exception.metadata?.retry_after_seconds;
    if (typeof retryAfter === 'number') headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfter)));
    return { status, body, headers };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const known = FRAMEWORK_CODES[status];
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
    return {
      status,
      body: {
        code: known?.code ?? (status >= 500 ? 'internal_error' : 'bad_request'),
        // Nest's 404 quotes the URL ("Cannot GET /x?api_key=…"): the query string is dropped (AUD-5).
        detail: status >= 500 ? 'The server could not complete the request.' : (Array.isArray(message) ? message.join('; ') : String(message)).replace(/(\/[^\s?]*)\?\S*/g, '$1'),
        user_action: known?.action ?? (status >= 500 ? 'Try again later; if it persists, tell the operator.' : 'Check the request and try again.'),
      },
      headers: {},
    };
  }
  const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    const known = FRAMEWORK_CODES[fastifyStatus] ?? FRAMEWORK_CODES[400];
    return {
      status: fastifyStatus,
      body: { code: known.code, detail: String((exception as Error).message ?? 'Bad request'), user_action: known.action },
      headers: {},
    };
  }
  return {
    status: 500,
    body: { code: 'internal_error', detail: 'The server could not complete the request.', user_action: 'Try again later; if it persists, tell the operator.' },
    headers: {},
  };
}
