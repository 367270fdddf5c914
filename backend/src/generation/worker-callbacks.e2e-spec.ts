import { SIMULATOR_TOKEN, startTestApp, waitForStatus, type TestApp } from '../testing/test-app.js';

describe('Pushed job reports from workers (worker contract callback_url)', () => {
  let app: TestApp;
  beforeAll(async () => {
    // Every status poll goes unanswered: the task can only move through the worker's pushed reports.
    app = await startTestApp({ callbacks: true, simulators: [{ speed: 0.02, faults: { duplicateReports: true } }], env: { WORKER_CALL_TIMEOUT_MS: '300' } });
    app.simulators[0].setFaults({ dropStatusRate: 1, dropStatusMode: 'reset' });
  }, 30_000);
  afterAll(() => app.close());

  it('GEN-2, GEN-3: a task reaches done through pushed reports alone, with progress in order despite duplicated reports', async () => {
    const response = await app.http('/generate', { method: 'POST', json: { model: 'anisora', mode: 't2v', prompt: 'pushed', width: 256, height: 256, num_frames: 17, fps: 8 } });
    const { task_id: taskId } = (await response.json()) as { task_id: string };
    const done = await waitForStatus(app, taskId, (s) => s.status === 'done' || s.status === 'failed', 30_000);
    expect(done.status).toBe('done');
    const progress = (await app.events()).filter((e) => e.type === 'TaskProgressed' && (e.data as { task_id: string }).task_id === taskId).map((e) => (e.data as { progress: number }).progress);
    expect(progress.length).toBeGreaterThan(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect((await app.events()).filter((e) => e.type === 'TaskCompleted' && (e.data as { task_id: string }).task_id === taskId)).toHaveLength(1);
  }, 40_000);

  it('SEC-3: refuses a report without the account’s token, or with a body that is not a job status', async () => {
    const { task_id: taskId } = (await (await app.http('/generate', { method: 'POST', json: { model: 'flux', mode: 'txt2img', prompt: 'x', width: 256, height: 256 } })).json()) as { task_id: string };
    await waitForStatus(app, taskId, (s) => s.status === 'done');
    const report = { job_id: 'j', state: 'succeeded', progress: 100, stage: 'done', used: { width: 1, height: 1, seed: 1 }, created_at: 'x' };
    const unsigned = await app.http(`/worker-callbacks/${taskId}`, { method: 'POST', auth: false, json: report });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ code: 'invalid_worker_token' });
    const forged = await app.http(`/worker-callbacks/${taskId}`, { method: 'POST', auth: false, json: report, headers: { authorization: 'Bearer not-the-worker-token' } });
    expect(forged.status).toBe(401);
    const malformed = await app.http(`/worker-callbacks/${taskId}`, { method: 'POST', auth: false, json: { nope: true }, headers: { authorization: `Bearer ${SIMULATOR_TOKEN}` } });
    expect(malformed.status).toBe(422);
    const unknown = await app.http('/worker-callbacks/no-such-task', { method: 'POST', auth: false, json: report, headers: { authorization: `Bearer ${SIMULATOR_TOKEN}` } });
    expect(unknown.status).toBe(404);
  }, 30_000);
});
