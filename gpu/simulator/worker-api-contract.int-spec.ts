import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { load } from 'js-yaml';
import { startCallbackSink, type CallbackSink } from './testing/callback-sink.js';
import { callWorker, jobRequest, pollUntilTerminal, startTestSimulator, type TestSimulator } from './testing/simulator-fixtures.js';

/** The OpenAPI block of specs/worker-api.md, found from the working directory (Jest runs from the repo). */
function loadContractSchemas(): Ajv2020 {
  let dir = process.cwd();
  while (!existsSync(join(dir, 'specs', 'worker-api.md')) && dirname(dir) !== dir) dir = dirname(dir);
  const markdown = readFileSync(join(dir, 'specs', 'worker-api.md'), 'utf8');
  const yaml = /```yaml\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (!yaml) throw new Error('specs/worker-api.md has no yaml block');
  const openapi = load(yaml) as { components: { schemas: Record<string, unknown> } };
  const defs = JSON.parse(JSON.stringify(openapi.components.schemas).replaceAll('#/components/schemas/', 'worker-api#/$defs/'));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: under NodeNext the default import is module.exports, which carries `.default`.
  formats.default(ajv);
  ajv.addSchema({ $id: 'worker-api', $defs: defs });
  return ajv;
}

describe('worker API contract (specs/worker-api.md OpenAPI) against the simulator', () => {
  const ajv = loadContractSchemas();
  const expectValid = (schema: string, value: unknown): void => {
    const validate = ajv.getSchema(`worker-api#/$defs/${schema}`)!;
    expect({ schema, value, errors: validate(value) ? null : validate.errors }).toEqual({ schema, value, errors: null });
  };
  let sim: TestSimulator;
  let sink: CallbackSink;
  beforeAll(async () => {
    sim = await startTestSimulator({ maxConcurrentJobs: 4 });
    sink = await startCallbackSink();
  });
  afterAll(async () => {
    await sim.close();
    await sink.close();
  });

  it('SEC-4: health, every polled and pushed status, and error bodies match the published schemas', async () => {
    expectValid('WorkerHealth', (await callWorker(sim.url, 'GET', '/health')).json());
    const requests = [
      jobRequest({ model: 'flux', callback_url: sink.url }),
      jobRequest({ model: 'pony', output_format: 'jpeg', width: 512, height: 512, parameters: { steps: 2 }, callback_url: sink.url }),
      jobRequest({ model: 'anisora', callback_url: sink.url }),
      jobRequest({ model: 'phr00t', output_format: 'webm', callback_url: sink.url }),
    ];
    for (const request of requests) expectValid('JobRequest', request);
    await Promise.all(requests.map((request) => callWorker(sim.url, 'POST', '/jobs', request)));
    for (const request of requests) {
      for (const status of await pollUntilTerminal(sim.url, request.job_id)) expectValid('JobStatus', status);
    }
    sim.setFaults({ oomRate: 1 });
    const failing = jobRequest();
    await callWorker(sim.url, 'POST', '/jobs', failing);
    const failed = (await pollUntilTerminal(sim.url, failing.job_id)).pop();
    expectValid('JobStatus', failed);
    expect(failed?.state).toBe('failed');
    sim.setFaults({ reset: true, hang: true, hangAtProgress: 10 });
    const canceled = jobRequest();
    await callWorker(sim.url, 'POST', '/jobs', canceled);
    expectValid('JobStatus', (await callWorker(sim.url, 'POST', `/jobs/${canceled.job_id}/cancel`)).json());
    expect(sink.received.length).toBeGreaterThan(20);
    for (const { status } of sink.received) expectValid('JobStatus', status);
    for (const answer of [
      await callWorker(sim.url, 'GET', '/health', undefined, 'nope'),
      await callWorker(sim.url, 'GET', `/jobs/${jobRequest().job_id}`),
      await callWorker(sim.url, 'POST', '/jobs', { prompt: 'x' }),
      await callWorker(sim.url, 'GET', `/jobs/${canceled.job_id}/result`),
    ]) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expectValid('ErrorBody', answer.json());
    }
  });
});
