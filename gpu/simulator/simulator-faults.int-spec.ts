import { startCallbackSink } from './testing/callback-sink.js';
import {
  callWorker,
  jobRequest,
  pollUntilTerminal,
  startTestSimulator,
  waitForJob,
  type TestSimulator,
} from './testing/simulator-fixtures.js';

async function healthStatuses(sim: TestSimulator, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await callWorker(sim.url, 'GET', '/health')).status);
  return statuses;
}

describe('simulator fault injection', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ maxConcurrentJobs: 4 });
  });
  afterEach(() => sim.setFaults({ reset: true }));
  afterAll(() => sim.close());

  it('ADM-3: errorRate answers that share of requests with 5xx in the contract error shape, reproducibly per seed', async () => {
    const a = await startTestSimulator({ faults: { errorRate: 0.5 }, faultSeed: 7 });
    const b = await startTestSimulator({ faults: { errorRate: 0.5 }, faultSeed: 7 });
    try {
      const first = await healthStatuses(a, 60);
      expect(await healthStatuses(b, 60)).toEqual(first);
      const failures = first.filter((status) => status >= 500);
      expect(failures.length).toBeGreaterThan(15);
      expect(failures.length).toBeLessThan(45);
      expect(new Set(failures).size).toBeGreaterThan(1);
      let answer = await callWorker(a.url, 'GET', '/health');
      while (answer.status < 500) answer = await callWorker(a.url, 'GET', '/health');
      expect(answer.json()).toEqual({ code: 'worker_unavailable', detail: expect.any(String), user_action: expect.any(String) });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('ADM-3: the control route changes faults at run time and needs the bearer token', async () => {
    expect((await callWorker(sim.url, 'POST', '/_faults', { errorRate: 1 }, 'wrong')).status).toBe(401);
    const set = await callWorker(sim.url, 'POST', '/_faults', { errorRate: 1 });
    expect([set.status, set.json().errorRate]).toEqual([200, 1]);
    expect((await callWorker(sim.url, 'GET', '/health')).status).toBeGreaterThanOrEqual(500);
    expect((await callWorker(sim.url, 'POST', '/_faults', { reset: true })).json().errorRate).toBe(0);
    expect((await callWorker(sim.url, 'GET', '/health')).status).toBe(200);
    expect((await callWorker(sim.url, 'POST', '/_faults', { noSuchFault: true })).status).toBe(422);
  });

  it('latencyMs delays every answer', async () => {
    sim.setFaults({ latencyMs: 150 });
    const started = Date.now();
    await callWorker(sim.url, 'GET', '/health');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('GEN-6: hang stops a job at the given progress and it never finishes', async () => {
    sim.setFaults({ hang: true, hangAtProgress: 40 });
    const request = jobRequest();
    await callWorker(sim.url, 'POST', '/jobs', request);
    const hung = await waitForJob(sim, request.job_id, (s) => s.progress >= 40);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const status = (await callWorker(sim.url, 'GET', `/jobs/${request.job_id}`)).json();
    expect(status).toMatchObject({ state: 'running', stage: 'inferring', progress: hung.progress, step: hung.step });
    expect(status.progress).toBeLessThan(90);
    await callWorker(sim.url, 'POST', `/jobs/${request.job_id}/cancel`);
  });

  it('oomRate fails jobs with gpu_out_of_memory and advice to lower resolution, frames or steps', async () => {
    sim.setFaults({ oomRate: 1 });
    const request = jobRequest({ model: 'anisora' });
    await callWorker(sim.url, 'POST', '/jobs', request);
    const final = (await pollUntilTerminal(sim.url, request.job_id)).pop()!;
    expect(final).toMatchObject({ state: 'failed', error: { code: 'gpu_out_of_memory' }, finished_at: expect.any(String) });
    expect(final.error!.message).toMatch(/resolution.*frames.*steps/);
    expect(final.result).toBeUndefined();
  });

  it('failModels fails that model with worker_error and leaves the others alone', async () => {
    sim.setFaults({ failModels: ['pony'] });
    const [pony, flux] = [jobRequest({ model: 'pony', width: 512, height: 512, parameters: { steps: 1 } }), jobRequest({ model: 'flux' })];
    await Promise.all([callWorker(sim.url, 'POST', '/jobs', pony), callWorker(sim.url, 'POST', '/jobs', flux)]);
    expect((await pollUntilTerminal(sim.url, pony.job_id)).pop()).toMatchObject({ state: 'failed', error: { code: 'worker_error' } });
    expect((await pollUntilTerminal(sim.url, flux.job_id)).pop()).toMatchObject({ state: 'succeeded' });
  });

  it('dropStatusRate in reset mode destroys the socket of status requests only', async () => {
    const request = jobRequest();
    await callWorker(sim.url, 'POST', '/jobs', request);
    sim.setFaults({ dropStatusRate: 1, dropStatusMode: 'reset' });
    await expect(callWorker(sim.url, 'GET', `/jobs/${request.job_id}`)).rejects.toThrow();
    expect((await callWorker(sim.url, 'GET', '/health')).status).toBe(200);
  });

  it('dropStatusRate in hold mode never answers status requests', async () => {
    const request = jobRequest();
    await callWorker(sim.url, 'POST', '/jobs', request);
    sim.setFaults({ dropStatusRate: 1 });
    const outcome = await Promise.race([
      callWorker(sim.url, 'GET', `/jobs/${request.job_id}`).then(() => 'answered', () => 'failed'),
      new Promise((resolve) => setTimeout(() => resolve('no answer'), 300)),
    ]);
    expect(outcome).toBe('no answer');
  });

  it('GEN-2: duplicateReports sends every callback twice', async () => {
    const sink = await startCallbackSink();
    try {
      sim.setFaults({ duplicateReports: true });
      const request = jobRequest({ callback_url: sink.url });
      await callWorker(sim.url, 'POST', '/jobs', request);
      await pollUntilTerminal(sim.url, request.job_id);
      await waitForJob(sim, request.job_id, () => sink.received.filter((r) => r.status.stage === 'done').length === 2);
      const progress = sink.received.map((r) => `${r.status.stage}:${r.status.progress}`);
      for (let i = 0; i < progress.length; i += 2) expect(progress[i]).toBe(progress[i + 1]);
    } finally {
      await sink.close();
    }
  });

  it('GEN-2: callbackDelayMs delivers pushes late while polling stays current', async () => {
    const sink = await startCallbackSink();
    try {
      sim.setFaults({ callbackDelayMs: 300 });
      const request = jobRequest({ callback_url: sink.url });
      await callWorker(sim.url, 'POST', '/jobs', request);
      expect((await pollUntilTerminal(sim.url, request.job_id)).pop()?.state).toBe('succeeded');
      expect(sink.received).toHaveLength(0);
      await waitForJob(sim, request.job_id, () => sink.received.length > 0);
    } finally {
      await sink.close();
    }
  });

  it('GEN-8: crashAtProgress closes the server abruptly mid-job; new connections are refused', async () => {
    const doomed = await startTestSimulator({ faults: { crashAtProgress: 50 } });
    try {
      const request = jobRequest();
      await callWorker(doomed.url, 'POST', '/jobs', request);
      await waitForJob(doomed, request.job_id, () => doomed.crashed());
      expect(doomed.job(request.job_id)).toMatchObject({ state: 'running' });
      expect(doomed.job(request.job_id)!.progress).toBeGreaterThanOrEqual(50);
      await expect(callWorker(doomed.url, 'GET', '/health')).rejects.toThrow();
    } finally {
      await doomed.close();
    }
  });
});
