import { JOB_STAGES, type JobStatus } from '../../contracts/worker-api/worker-api.js';
import { startCallbackSink, type CallbackSink } from './testing/callback-sink.js';
import {
  TEST_TOKEN,
  callWorker,
  childProcessNames,
  jobRequest,
  pollUntilTerminal,
  startTestSimulator,
  waitForJob,
  type TestSimulator,
} from './testing/simulator-fixtures.js';

function expectOrderedProgress(statuses: JobStatus[]): void {
  for (let i = 1; i < statuses.length; i++) {
    const [before, after] = [statuses[i - 1]!, statuses[i]!];
    expect(after.progress).toBeGreaterThanOrEqual(before.progress);
    expect(JOB_STAGES.indexOf(after.stage)).toBeGreaterThanOrEqual(JOB_STAGES.indexOf(before.stage));
  }
}

describe('simulator job lifecycle (GEN-2, GEN-5)', () => {
  let sim: TestSimulator;
  let sink: CallbackSink;
  beforeAll(async () => {
    sim = await startTestSimulator({ maxConcurrentJobs: 2 });
    sink = await startCallbackSink();
  });
  afterEach(() => sim.setFaults({ reset: true }));
  afterAll(async () => {
    await sim.close();
    await sink.close();
  });

  it('GEN-1: submitting the same job id twice runs one job; the second answer is 200 with the same job', async () => {
    const request = jobRequest();
    const first = await callWorker(sim.url, 'POST', '/jobs', request);
    const second = await callWorker(sim.url, 'POST', '/jobs', { ...request, callback_url: sink.url });
    expect([first.status, second.status]).toEqual([202, 200]);
    expect(first.json()).toMatchObject({ job_id: request.job_id, state: 'queued', progress: 0, stage: 'queued' });
    expect(second.json().job_id).toBe(request.job_id);
    await pollUntilTerminal(sim.url, request.job_id);
    const third = await callWorker(sim.url, 'POST', '/jobs', request);
    expect(third.status).toBe(200);
    expect(third.json()).toMatchObject({ state: 'succeeded', created_at: first.json().created_at });
    expect(sim.jobs().filter((job) => job.job_id === request.job_id)).toHaveLength(1);
  });

  it('GEN-1: the same job id with a different body is 409 job_conflict', async () => {
    const request = jobRequest();
    await callWorker(sim.url, 'POST', '/jobs', request);
    const conflict = await callWorker(sim.url, 'POST', '/jobs', { ...request, prompt: 'something else' });
    expect(conflict.status).toBe(409);
    expect(conflict.json()).toEqual({ code: 'job_conflict', detail: expect.any(String), user_action: expect.any(String) });
  });

  it('SEC-4: rejections carry {code, detail, user_action} with the contract codes', async () => {
    const cases: Array<[Promise<{ status: number; json: () => any }>, number, string]> = [
      [callWorker(sim.url, 'POST', '/jobs', jobRequest({ model: 'sdxl' as never })), 422, 'unsupported_model'],
      [callWorker(sim.url, 'POST', '/jobs', jobRequest({ model: 'flux', type: 'video' })), 422, 'invalid_request'],
      [callWorker(sim.url, 'POST', '/jobs', jobRequest({ model: 'flux', output_format: 'mp4' })), 422, 'invalid_request'],
      [callWorker(sim.url, 'POST', '/jobs', { ...jobRequest(), seed: -1 }), 422, 'invalid_request'],
      [callWorker(sim.url, 'POST', '/jobs', { ...jobRequest(), job_id: '../etc' }), 422, 'invalid_request'],
      [callWorker(sim.url, 'GET', `/jobs/${jobRequest().job_id}`), 404, 'job_not_found'],
      [callWorker(sim.url, 'POST', `/jobs/${jobRequest().job_id}/cancel`), 404, 'job_not_found'],
      [callWorker(sim.url, 'GET', '/nope'), 404, 'not_found'],
      [callWorker(sim.url, 'GET', '/health', undefined, 'wrong-token'), 401, 'unauthorized'],
    ];
    for (const [pending, status, code] of cases) {
      const answer = await pending;
      expect({ status: answer.status, body: answer.json() }).toEqual({
        status,
        body: { code, detail: expect.any(String), user_action: expect.any(String) },
      });
    }
  });

  it('GEN-4: result and preview are 409 job_not_finished before success', async () => {
    const request = jobRequest();
    sim.setFaults({ hang: true, hangAtProgress: 10 });
    await callWorker(sim.url, 'POST', '/jobs', request);
    for (const media of ['result', 'preview']) {
      const answer = await callWorker(sim.url, 'GET', `/jobs/${request.job_id}/${media}`);
      expect([answer.status, answer.json().code]).toEqual([409, 'job_not_finished']);
    }
    await callWorker(sim.url, 'POST', `/jobs/${request.job_id}/cancel`);
  });

  it('GEN-2: pushes every change to callback_url with the bearer token; progress and stages never go back', async () => {
    const request = jobRequest({ model: 'anisora', callback_url: sink.url });
    await callWorker(sim.url, 'POST', '/jobs', request);
    const polled = await pollUntilTerminal(sim.url, request.job_id);
    expectOrderedProgress(polled);
    await waitForJob(sim, request.job_id, () => sink.received.filter((r) => r.status.job_id === request.job_id).some((r) => r.status.stage === 'done'));
    const pushed = sink.received.filter((r) => r.status.job_id === request.job_id);
    expect(pushed.every((r) => r.authorization === `Bearer ${TEST_TOKEN}`)).toBe(true);
    const statuses = pushed.map((r) => r.status);
    expectOrderedProgress(statuses);
    expect([...new Set(statuses.map((s) => s.stage))]).toEqual(['queued', 'loading_model', 'inferring', 'encoding', 'storing', 'done']);
    expect(statuses.filter((s) => s.stage === 'inferring').map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(statuses.at(-1)).toMatchObject({ state: 'succeeded', progress: 100, total_steps: 8 });
    expect(statuses.at(0)).toMatchObject({ state: 'queued', progress: 0 });
  });

  it('GEN-5: cancel while inferring ends the job canceled and it stays canceled', async () => {
    const request = jobRequest();
    sim.setFaults({ hang: true, hangAtProgress: 30 });
    await callWorker(sim.url, 'POST', '/jobs', request);
    await waitForJob(sim, request.job_id, (s) => s.progress >= 30);
    const canceled = await callWorker(sim.url, 'POST', `/jobs/${request.job_id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.json()).toMatchObject({ state: 'canceled', error: { code: 'canceled' }, finished_at: expect.any(String) });
    sim.setFaults({ hang: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.job(request.job_id)).toMatchObject({ state: 'canceled' });
    const again = await callWorker(sim.url, 'POST', `/jobs/${request.job_id}/cancel`);
    expect(again.json().state).toBe('canceled');
  });

  it('GEN-5: cancel while encoding kills the ffmpeg child', async () => {
    const request = jobRequest({ model: 'phr00t', output_format: 'webm', parameters: { num_frames: 33, fps: 8 } });
    sim.setFaults({ hang: true, hangAtProgress: 92 });
    await callWorker(sim.url, 'POST', '/jobs', request);
    await waitForJob(sim, request.job_id, (s) => s.stage === 'encoding' && s.progress >= 92);
    expect(await childProcessNames()).toContain('ffmpeg');
    await callWorker(sim.url, 'POST', `/jobs/${request.job_id}/cancel`);
    const deadline = Date.now() + 5_000;
    while ((await childProcessNames()).includes('ffmpeg') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await childProcessNames()).not.toContain('ffmpeg');
    expect(sim.job(request.job_id)?.state).toBe('canceled');
  });

  it('GEN-5: a finished job is not changed by cancel', async () => {
    const request = jobRequest();
    await callWorker(sim.url, 'POST', '/jobs', request);
    await pollUntilTerminal(sim.url, request.job_id);
    const answer = await callWorker(sim.url, 'POST', `/jobs/${request.job_id}/cancel`);
    expect([answer.status, answer.json().state]).toEqual([200, 'succeeded']);
  });
});

describe('simulator capacity (ADM-3)', () => {
  it('ADM-3: queues past its lanes, reports it in health, and answers 429 capacity_exhausted when the queue is full', async () => {
    const sim = await startTestSimulator({ maxConcurrentJobs: 1, maxQueuedJobs: 1, faults: { hang: true, hangAtProgress: 10 } });
    try {
      const [a, b, c] = [jobRequest(), jobRequest(), jobRequest()];
      expect((await callWorker(sim.url, 'POST', '/jobs', a)).status).toBe(202);
      expect((await callWorker(sim.url, 'POST', '/jobs', b)).status).toBe(202);
      const full = await callWorker(sim.url, 'POST', '/jobs', c);
      expect([full.status, full.json().code]).toEqual([429, 'capacity_exhausted']);
      await waitForJob(sim, a.job_id, (s) => s.state === 'running');
      expect((await callWorker(sim.url, 'GET', '/health')).json().capacity).toEqual({ max_concurrent_jobs: 1, running_jobs: 1, queued_jobs: 1 });
      expect(sim.job(b.job_id)?.state).toBe('queued');
      await callWorker(sim.url, 'POST', `/jobs/${b.job_id}/cancel`);
      expect((await callWorker(sim.url, 'POST', '/jobs', c)).status).toBe(202);
      sim.setFaults({ hang: false });
      await pollUntilTerminal(sim.url, a.job_id);
      expect((await pollUntilTerminal(sim.url, c.job_id)).pop()?.state).toBe('succeeded');
      expect(sim.job(b.job_id)?.state).toBe('canceled');
    } finally {
      await sim.close();
    }
  });
});
