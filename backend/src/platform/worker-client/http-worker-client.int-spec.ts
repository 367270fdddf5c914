import { createHash } from 'node:crypto';
import { fastify, type FastifyInstance } from 'fastify';
import type { JobStatus } from '../../../../contracts/worker-api/worker-api.js';
import { jobRequest } from '../../../../gpu/simulator/testing/job-request.fixture.js';
import { TEST_TOKEN, probeVideo, startTestSimulator, type TestSimulator } from '../../../../gpu/simulator/testing/simulator-fixtures.js';
import { HttpWorkerClient, WorkerCallError, type WorkerCallErrorKind } from './index.js';

async function failureOf(call: Promise<unknown>): Promise<WorkerCallError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkerCallError);
    return error as WorkerCallError;
  }
  throw new Error('expected the call to fail');
}

async function untilTerminal(client: HttpWorkerClient, jobId: string): Promise<JobStatus> {
  for (;;) {
    const status = await client.status(jobId);
    if (['succeeded', 'failed', 'canceled'].includes(status.state)) return status;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('HttpWorkerClient against the simulator', () => {
  let sim: TestSimulator;
  let client: HttpWorkerClient;
  beforeAll(async () => {
    sim = await startTestSimulator({ maxConcurrentJobs: 2, maxQueuedJobs: 1, buildId: 'b-42' });
    client = new HttpWorkerClient({ baseUrl: `${sim.url}/`, token: TEST_TOKEN, timeoutMs: 2_000 });
  });
  afterEach(() => sim.setFaults({ reset: true }));
  afterAll(() => sim.close());

  it('ADM-5: health returns the build id, models and capacity', async () => {
    expect(await client.health()).toMatchObject({ ok: true, build_id: 'b-42', models: expect.arrayContaining(['flux', 'anisora']) });
  });

  it('GEN-4: submits, polls, and copies a verified result and preview', async () => {
    const request = jobRequest({ model: 'anisora', output_format: 'webm' });
    expect(await client.submit(request)).toMatchObject({ job_id: request.job_id, state: 'queued' });
    expect((await client.submit(request)).job_id).toBe(request.job_id);
    const final = await untilTerminal(client, request.job_id);
    expect(final.state).toBe('succeeded');
    const result = await client.fetchResult(request.job_id);
    expect(result).toMatchObject({ contentType: 'video/webm', sha256: final.result!.sha256 });
    expect(createHash('sha256').update(result.bytes).digest('hex')).toBe(result.sha256);
    expect(await probeVideo(result.bytes, 'webm')).toMatchObject({ frames: 9, fps: 8 });
    expect(await client.fetchPreview(request.job_id)).toMatchObject({ contentType: 'image/jpeg', sha256: final.preview!.sha256 });
  });

  it('GEN-5: cancel returns the canceled status', async () => {
    sim.setFaults({ hang: true, hangAtProgress: 20 });
    const request = jobRequest();
    await client.submit(request);
    expect(await client.cancel(request.job_id)).toMatchObject({ state: 'canceled', error: { code: 'canceled' } });
  });

  it.each<[string, WorkerCallErrorKind, () => Promise<unknown>, number | undefined, string]>([
    ['unknown job', 'not_found', () => client.status(jobRequest().job_id), 404, 'job_not_found'],
    ['unsupported model', 'invalid', () => client.submit(jobRequest({ model: 'sdxl' as never })), 422, 'unsupported_model'],
    ['result before success', 'conflict', async () => {
      sim.setFaults({ hang: true, hangAtProgress: 10 });
      const request = jobRequest();
      await client.submit(request);
      return client.fetchResult(request.job_id);
    }, 409, 'job_not_finished'],
    ['conflicting body', 'conflict', async () => {
      const request = jobRequest();
      await client.submit(request);
      return client.submit({ ...request, seed: 99 });
    }, 409, 'job_conflict'],
  ])('ADM-3: %s is classified %s', async (_name, kind, call, status, code) => {
    const error = await failureOf(call());
    expect({ kind: error.kind, status: error.status, workerCode: error.workerCode }).toEqual({ kind, status, workerCode: code });
  });

  it('ADM-3: a wrong token is unauthorized and the token never appears in the error', async () => {
    const secret = 'very-secret-token-value';
    const error = await failureOf(new HttpWorkerClient({ baseUrl: sim.url, token: secret, timeoutMs: 1_000 }).health());
    expect([error.kind, error.status, error.code]).toEqual(['unauthorized', 401, 'unauthorized']);
    expect(`${error.message} ${error.stack} ${JSON.stringify(error)}`).not.toContain(secret);
  });

  it('ADM-3: a full queue is capacity, not quota', async () => {
    sim.setFaults({ hang: true, hangAtProgress: 10 });
    const error = await failureOf((async () => {
      for (let i = 0; i < 5; i++) await client.submit(jobRequest());
    })());
    expect([error.kind, error.status, error.workerCode]).toEqual(['capacity', 429, 'capacity_exhausted']);
    for (const job of sim.jobs()) await client.cancel(job.job_id);
  });

  it('ADM-3: injected 5xx answers are server_error', async () => {
    sim.setFaults({ errorRate: 1 });
    const error = await failureOf(client.health());
    expect(error.kind).toBe('server_error');
    expect(error.status).toBeGreaterThanOrEqual(500);
    expect(error.transient).toBe(true);
  });

  it('ADM-3: a status request that never gets an answer times out as timeout', async () => {
    const request = jobRequest();
    await client.submit(request);
    sim.setFaults({ dropStatusRate: 1, dropStatusMode: 'hold' });
    const quick = new HttpWorkerClient({ baseUrl: sim.url, token: TEST_TOKEN, timeoutMs: 200 });
    const started = Date.now();
    const error = await failureOf(quick.status(request.job_id));
    expect([error.kind, error.code, error.status]).toEqual(['timeout', 'timeout', undefined]);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('ADM-3: a reset connection is network', async () => {
    const request = jobRequest();
    await client.submit(request);
    sim.setFaults({ dropStatusRate: 1, dropStatusMode: 'reset' });
    expect((await failureOf(client.status(request.job_id))).kind).toBe('network');
  });

  it('ADM-3: a caller abort is a timeout too', async () => {
    sim.setFaults({ latencyMs: 500 });
    const error = await failureOf(client.health({ signal: AbortSignal.timeout(50) }));
    expect(error.kind).toBe('timeout');
  });
});

describe('HttpWorkerClient against a stub worker', () => {
  let stub: FastifyInstance;
  let baseUrl: string;
  const seen: Array<Record<string, string | string[] | undefined>> = [];
  const body = Buffer.from('not really a png');
  const sha = createHash('sha256').update(body).digest('hex');

  beforeAll(async () => {
    stub = fastify();
    stub.addHook('onRequest', async (request) => {
      seen.push(request.headers);
    });
    stub.get('/health', async (_request, reply) => reply.code(402).send({ code: 'payment_required', detail: 'Billing', user_action: 'Pay' }));
    stub.get('/jobs/spend/status', async () => ({}));
    stub.get('/jobs/:id', async (request, reply) =>
      (request.params as { id: string }).id === 'spend'
        ? reply.code(403).send({ code: 'workspace_spend_limit', detail: 'Spend limit reached', user_action: 'Raise it' })
        : reply.code(502).header('content-type', 'text/html').send('<html>Bad gateway</html>'),
    );
    stub.get('/jobs/good/result', async (_request, reply) => reply.header('content-type', 'image/png').header('x-content-sha256', sha).send(body));
    stub.get('/jobs/bad/result', async (_request, reply) => reply.header('content-type', 'image/png').header('x-content-sha256', 'f'.repeat(64)).send(body));
    stub.get('/jobs/bare/result', async (_request, reply) => reply.header('content-type', 'image/png').send(body));
    stub.get('/jobs/echo/preview', async (request, reply) =>
      reply.code(500).send({ code: 'worker_error', detail: `leaked ${request.headers.authorization}`, user_action: '' }),
    );
    stub.post('/jobs', async () => ({ nonsense: true }));
    baseUrl = await stub.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => stub.close());

  const client = (): HttpWorkerClient =>
    new HttpWorkerClient({ baseUrl, token: 'tok-123456', proxyAuth: { key: 'wk-abc', secret: 'ws-def' }, timeoutMs: 1_000 });

  it('ADM-1: sends the bearer token and the Modal proxy-auth headers', async () => {
    await client().fetchResult('good');
    expect(seen.at(-1)).toMatchObject({ authorization: 'Bearer tok-123456', 'modal-key': 'wk-abc', 'modal-secret': 'ws-def' });
  });

  it('GEN-4: accepts media whose sha256 matches and rejects a mismatch or a missing header', async () => {
    expect(await client().fetchResult('good')).toEqual({ contentType: 'image/png', sha256: sha, bytes: body });
    for (const id of ['bad', 'bare']) {
      const error = await failureOf(client().fetchResult(id));
      expect([error.kind, error.code]).toEqual(['server_error', 'sha256_mismatch']);
    }
  });

  it('ADM-3: 402 and spend-limit codes are quota', async () => {
    expect((await failureOf(client().health())).kind).toBe('quota');
    const spend = await failureOf(client().status('spend'));
    expect([spend.kind, spend.status, spend.workerCode]).toEqual(['quota', 403, 'workspace_spend_limit']);
  });

  it('ADM-3: a gateway page is server_error with an http code; a malformed body is invalid_response', async () => {
    const gateway = await failureOf(client().status('x'));
    expect([gateway.kind, gateway.code, gateway.workerCode]).toEqual(['server_error', 'http_502', undefined]);
    const malformed = await failureOf(client().submit(jobRequest()));
    expect([malformed.kind, malformed.code]).toEqual(['server_error', 'invalid_response']);
  });

  it('AUD-5: credentials echoed by a worker are redacted from the error', async () => {
    const error = await failureOf(client().fetchPreview('echo'));
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain('tok-123456');
  });

  it('ADM-3: a worker that went away is network, with the low-level code', async () => {
    await client().fetchResult('good');
    await stub.close();
    // The pooled keep-alive socket dies with the server (UND_ERR_SOCKET); a fresh connect is refused.
    const pooled = await failureOf(client().health());
    expect(pooled.kind).toBe('network');
    expect(['UND_ERR_SOCKET', 'ECONNRESET', 'ECONNREFUSED']).toContain(pooled.code);
    const refused = await failureOf(client().health());
    expect([refused.kind, refused.code]).toEqual(['network', 'ECONNREFUSED']);
  });
});
