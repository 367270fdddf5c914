import { fastify } from 'fastify';
import type { JobStatus } from '../../../contracts/worker-api/worker-api.js';

export interface CallbackSink {
  url: string;
  received: Array<{ authorization: string | undefined; status: JobStatus }>;
  close(): Promise<void>;
}

/** A tiny HTTP server that records every status a worker pushes to it. */
export async function startCallbackSink(): Promise<CallbackSink> {
  const app = fastify({ forceCloseConnections: true });
  const received: CallbackSink['received'] = [];
  app.post('/callback', async (request) => {
    received.push({ authorization: request.headers.authorization, status: request.body as JobStatus });
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/callback`, received, close: () => app.close() };
}
