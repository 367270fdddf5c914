import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamicModule, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { AppConfig } from '../config/app-config.js';
import { HttpExceptionFilter } from '../errors/http-exception.filter.js';
import { requestContext } from '../logging/request-context.js';
import { randomUUID } from 'node:crypto';
import { SECURITY_EVENTS, type SecurityEvents } from '../security/security-events.port.js';
import { registerCors } from './cors.hook.js';
import { contentSecurityPolicy } from './content-security-policy.js';

/** Paths that are never answered with the web app, even for a browser navigation. */
const API_ONLY = /^\/(results|preview|docs|health|status\/[^/]+\/stream)(\/|$|\?)/;

/**
 * Builds the one Fastify-based Nest application that serves the API, the OpenAPI docs and the built web
 * app on one port. main.ts and the e2e tests both use it, so tests exercise the real HTTP stack.
 */
export async function createHttpApp(module: DynamicModule, config: AppConfig, logger: LoggerService | false): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // Generation bodies carry up to a few reference images of ≤ 12 MB each, base64-encoded.
    bodyLimit: 64 * 1024 * 1024,
    // Only the proxies TRUST_PROXY names may say who the client is; otherwise the socket decides (SEC-1).
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    genReqId: () => randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, { logger, bufferLogs: logger !== false });
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    const header = request.headers['x-correlation-id'];
    const correlationId = typeof header === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(header) ? header : request.id;
    void reply.header('X-Correlation-Id', correlationId);
    requestContext.enterWith({ correlationId, source: request.ip });
    done();
  });
  // Security headers on every answer, the CORS verdict before any route runs (SEC-2), cookies for AUTH-2/4.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { directives: contentSecurityPolicy() },
    // Media may be embedded by the allowed frontend origins; otherwise only by this origin.
    crossOriginResourcePolicy: { policy: config.frontendOrigins.length > 0 ? 'cross-origin' : 'same-origin' },
  });
  registerCors(fastify, config.frontendOrigins, optionalProvider<SecurityEvents>(app, SECURITY_EVENTS));
  await app.register(fastifyCookie);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Gooni Gooni API').setDescription('See specs/http-api.md for the full contract.').setVersion('1').build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });

  const webRoot = join(config.rootDir, 'dist', 'frontend', 'browser');
  if (existsSync(join(webRoot, 'index.html'))) {
    // Re-read when the file changes: a rebuilt web app has new hashed bundle names.
    const indexPath = join(webRoot, 'index.html');
    let cached = { mtimeMs: -1, html: '' };
    const indexHtml = () => {
      const mtimeMs = statSync(indexPath).mtimeMs;
      if (mtimeMs !== cached.mtimeMs) cached = { mtimeMs, html: readFileSync(indexPath, 'utf8') };
      return cached.html;
    };
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: false });
    // A browser navigation to an app route (which may share a path with the API, e.g. /gallery) gets the
    // web app; API clients (Accept: application/json, */*) get the API. See specs/decisions.md.
    fastify.addHook('onRequest', (request, reply, done) => {
      const accept = request.headers.accept ?? '';
      const isNavigation = request.method === 'GET' && (request.headers['sec-fetch-mode'] === 'navigate' || accept.startsWith('text/html'));
      if (isNavigation && !API_ONLY.test(request.url)) {
        void reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml());
        return;
      }
      done();
    });
  }
  return app;
}

function optionalProvider<T>(app: NestFastifyApplication, token: symbol): T | null {
  try {
    return app.get<T>(token, { strict: false });
  } catch {
    return null;
  }
}
