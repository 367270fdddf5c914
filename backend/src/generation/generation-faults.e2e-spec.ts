import { startTestApp, waitForStatus, type TestApp } from '../testing/test-app.js';

async function submit(app: TestApp, body: Record<string, unknown>): Promise<string> {
  const response = await app.http('/generate', { method: 'POST', json: body });
  const json = (await response.json()) as { task_id: string };
  if (response.status !== 200) throw new Error(`POST /generate answered ${response.status}: ${JSON.stringify(json)}`);
  return json.task_id;
}

/** Reads an SSE response to its end, returning the parsed `status` events. */
async function readSse(response: Response): Promise<Record<string, any>[]> {
  const events: Record<string, any>[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (block.includes('event: status') && data) events.push(JSON.parse(data.slice(6)));
    }
  }
  return events;
}

const slowVideo = { model: 'anisora', mode: 't2v', width: 256, height: 256, num_frames: 33, fps: 8 };

describe('Generation under real timing and worker faults', () => {
  describe('with one slower simulator', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ simulators: [{ speed: 0.05 }] });
    }, 30_000);
    afterAll(() => app.close());

    it('GEN-3: the SSE stream pushes progress in order (never decreasing) and ends after the terminal event', async () => {
      const taskId = await submit(app, { ...slowVideo, prompt: 'watch me' });
      const response = await app.http(`/status/${taskId}/stream`);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = await readSse(response);
      expect(events.length).toBeGreaterThanOrEqual(3);
      const progress = events.map((e) => e.progress);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);
      const order = ['pending', 'processing', 'done'];
      const statuses = events.map((e) => order.indexOf(e.status));
      expect([...statuses].sort((a, b) => a - b)).toEqual(statuses);
      expect(events.at(-1)).toMatchObject({ status: 'done', progress: 100 });
      expect(new Set(events.map((e) => e.stage)).size).toBeGreaterThanOrEqual(3);
    }, 30_000);

    it('GEN-5: cancel mid-job stops the job on the worker and ends the task canceled; retry makes a linked new task', async () => {
      const taskId = await submit(app, { ...slowVideo, num_frames: 81, prompt: 'cancel me' });
      const running = await waitForStatus(app, taskId, (s) => s.status === 'processing' && s.progress > 0);
      const canceled = await app.http(`/tasks/${taskId}/cancel`, { method: 'POST' });
      expect(canceled.status).toBe(200);
      expect(await canceled.json()).toMatchObject({ task_id: taskId, status: 'canceled' });
      const jobId = (await app.events()).find((e) => e.type === 'TaskDispatched' && (e.data as { task_id: string }).task_id === taskId)!.data as { job_id: string };
      const started = Date.now();
      while (app.simulators[0].job(jobId.job_id)?.state !== 'canceled' && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
      expect(app.simulators[0].job(jobId.job_id)?.state).toBe('canceled');
      expect(running.status).toBe('processing');
      const again = await app.http(`/tasks/${taskId}/cancel`, { method: 'POST' });
      expect(again.status).toBe(200);

      const retried = await app.http(`/tasks/${taskId}/retry`, { method: 'POST' });
      const { task_id: newId, retry_of: retryOf } = (await retried.json()) as { task_id: string; retry_of: string };
      expect(retryOf).toBe(taskId);
      const done = await waitForStatus(app, newId, (s) => s.status === 'done', 60_000);
      expect(done.retry_of).toBe(taskId);
      expect((await (await app.http(`/status/${taskId}`)).json()) as object).toMatchObject({ status: 'canceled', retried_as: newId });
      const finished = await app.http(`/tasks/${newId}/cancel`, { method: 'POST' });
      expect(finished.status).toBe(409);
      expect(await finished.json()).toMatchObject({ code: 'task_not_cancelable' });
    }, 90_000);
  });

  it('ADM-3: a worker answering 5xx makes dispatch fail over to the next account', async () => {
    const app = await startTestApp({ simulators: [{}, {}] });
    // Break sim-1 after both accounts passed their health checks, as a worker that fails mid-service.
    app.simulators[0].setFaults({ errorRate: 1 });
    try {
      const taskId = await submit(app, { model: 'flux', mode: 'txt2img', prompt: 'fail over', width: 256, height: 256 });
      await waitForStatus(app, taskId, (s) => s.status === 'done');
      const dispatched = (await app.events()).filter((e) => e.type === 'TaskDispatched');
      expect(dispatched.map((e) => e.data)).toEqual([expect.objectContaining({ task_id: taskId, account_id: 'sim-2', attempt: 2 })]);
    } finally {
      await app.close();
    }
  }, 30_000);

  it('GEN-8: with no worker ready the task fails at once with no_ready_workers and an actionable message', async () => {
    const app = await startTestApp({ simulators: [] });
    try {
      const taskId = await submit(app, { model: 'flux', mode: 'txt2img', prompt: 'nobody home', width: 256, height: 256 });
      const failed = await waitForStatus(app, taskId, (s) => s.status === 'failed');
      expect(failed.error).toMatchObject({ code: 'no_ready_workers' });
      expect(failed.error.user_action).toMatch(/admin/i);
    } finally {
      await app.close();
    }
  }, 30_000);

  it('GEN-8: when every account refuses, the task fails with no_ready_workers after trying each', async () => {
    const app = await startTestApp({ simulators: [{}, {}] });
    for (const simulator of app.simulators) simulator.setFaults({ errorRate: 1 });
    try {
      const taskId = await submit(app, { model: 'flux', mode: 'txt2img', prompt: 'all down', width: 256, height: 256 });
      const failed = await waitForStatus(app, taskId, (s) => s.status === 'failed');
      expect(failed.error.code).toBe('no_ready_workers');
      expect(failed.error.message).toMatch(/2 worker account/);
    } finally {
      await app.close();
    }
  }, 30_000);

  it('GEN-6, SC-2: a job that hangs on the worker ends failed with stale_timeout when its deadline passes', async () => {
    const app = await startTestApp({ simulators: [{ faults: { hang: true, hangAtProgress: 30 } }], env: { TASK_IMAGE_TIMEOUT_MS: '1500' } });
    try {
      const taskId = await submit(app, { model: 'flux', mode: 'txt2img', prompt: 'hang', width: 256, height: 256 });
      await waitForStatus(app, taskId, (s) => s.status === 'processing');
      const failed = await waitForStatus(app, taskId, (s) => s.status === 'failed', 15_000);
      expect(failed.error).toMatchObject({ code: 'stale_timeout' });
      const expired = (await app.events()).filter((e) => e.type === 'TaskExpired');
      expect(expired).toHaveLength(1);
    } finally {
      await app.close();
    }
  }, 30_000);

  it('GEN-6: a task no worker starts ends failed with worker_start_timeout', async () => {
    const app = await startTestApp({ simulators: [{ maxConcurrentJobs: 1, faults: { hang: true, hangAtProgress: 5 } }], env: { TASK_PENDING_TIMEOUT_MS: '1200', TASK_IMAGE_TIMEOUT_MS: '60000' } });
    try {
      const blocker = await submit(app, { model: 'flux', mode: 'txt2img', prompt: 'blocker', width: 256, height: 256 });
      await waitForStatus(app, blocker, (s) => s.status === 'processing');
      const queued = await submit(app, { model: 'flux', mode: 'txt2img', prompt: 'queued behind', width: 256, height: 256 });
      const failed = await waitForStatus(app, queued, (s) => s.status === 'failed', 15_000);
      expect(failed.error).toMatchObject({ code: 'worker_start_timeout' });
    } finally {
      await app.close();
    }
  }, 30_000);

  it('GEN-2: a worker OOM ends the task failed with gpu_out_of_memory and advice', async () => {
    const app = await startTestApp({ simulators: [{ faults: { oomRate: 1 } }] });
    try {
      const taskId = await submit(app, { model: 'pony', mode: 'txt2img', prompt: 'too big', width: 1024, height: 1024 });
      const failed = await waitForStatus(app, taskId, (s) => s.status === 'failed');
      expect(failed.error.code).toBe('gpu_out_of_memory');
      expect(failed.error.user_action).toMatch(/resolution|frames|steps/i);
    } finally {
      await app.close();
    }
  }, 30_000);
});
