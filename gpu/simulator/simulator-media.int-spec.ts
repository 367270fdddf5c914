import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { JobRequest, JobStatus, WorkerHealth } from '../../contracts/worker-api/worker-api.js';
import {
  callWorker,
  jobRequest,
  pollUntilTerminal,
  probeVideo,
  startTestSimulator,
  type TestSimulator,
} from './testing/simulator-fixtures.js';

async function runToSuccess(sim: TestSimulator, request: JobRequest): Promise<{ status: JobStatus; result: Buffer; preview: Buffer }> {
  const submitted = await callWorker(sim.url, 'POST', '/jobs', request);
  expect(submitted.status).toBe(202);
  const final = (await pollUntilTerminal(sim.url, request.job_id)).pop()!;
  expect(final).toMatchObject({ state: 'succeeded', progress: 100, stage: 'done' });
  const result = await callWorker(sim.url, 'GET', `/jobs/${request.job_id}/result`);
  const preview = await callWorker(sim.url, 'GET', `/jobs/${request.job_id}/preview`);
  for (const [answer, info] of [[result, final.result!], [preview, final.preview!]] as const) {
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(info.content_type);
    expect(Number(answer.headers.get('content-length'))).toBe(answer.bytes.length);
    expect(answer.bytes.length).toBe(info.bytes);
    const sha = createHash('sha256').update(answer.bytes).digest('hex');
    expect(answer.headers.get('x-content-sha256')).toBe(sha);
    expect(info.sha256).toBe(sha);
  }
  return { status: final, result: result.bytes, preview: preview.bytes };
}

describe('simulator media (GEN-4: real, deterministic files)', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ maxConcurrentJobs: 2, buildId: 'test-build' });
  });
  afterAll(() => sim.close());

  it('GEN-4: health answers ok with build id, models and capacity, and requires the bearer token', async () => {
    const answer = await callWorker(sim.url, 'GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.json() as WorkerHealth).toEqual({
      ok: true,
      build_id: 'test-build',
      models: ['anisora', 'phr00t', 'pony', 'flux'],
      capacity: { max_concurrent_jobs: 2, running_jobs: 0, queued_jobs: 0 },
    });
    const anonymous = await fetch(`${sim.url}/health`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'unauthorized', detail: expect.any(String), user_action: expect.any(String) });
  });

  it('GEN-4: flux makes a PNG at exactly the used size, with a JPEG preview', async () => {
    const { status, result, preview } = await runToSuccess(sim, jobRequest({ model: 'flux', width: 70, height: 50 }));
    expect(status.used).toEqual({ width: 64, height: 48, seed: 1234, steps: 4 });
    const meta = await sharp(result).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 64, 48]);
    const stats = await sharp(result).stats();
    expect(Math.max(...stats.channels.map((c) => c.max - c.min))).toBeGreaterThanOrEqual(4);
    const previewMeta = await sharp(preview).metadata();
    expect([previewMeta.format, previewMeta.width, previewMeta.height]).toEqual(['jpeg', 64, 48]);
  });

  it('GEN-4: pony makes a JPEG snapped to a square side and a preview fit into 512×512', async () => {
    const { status, result, preview } = await runToSuccess(
      sim,
      jobRequest({ model: 'pony', output_format: 'jpeg', width: 700, height: 600, parameters: { steps: 2 } }),
    );
    expect(status.used).toMatchObject({ width: 768, height: 768, steps: 2 });
    expect(status.result).toMatchObject({ content_type: 'image/jpeg', width: 768, height: 768 });
    const meta = await sharp(result).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 768, 768]);
    const previewMeta = await sharp(preview).metadata();
    expect([previewMeta.format, previewMeta.width, previewMeta.height]).toEqual(['jpeg', 512, 512]);
  });

  it('GEN-4: anisora makes an H.264 MP4 with exactly num_frames frames at fps (4k+1 rule applied)', async () => {
    const { status, result, preview } = await runToSuccess(
      sim,
      jobRequest({ model: 'anisora', output_format: 'mp4', parameters: { num_frames: 10, fps: 8 } }),
    );
    expect(status.used).toEqual({ width: 64, height: 64, seed: 1234, steps: 8, num_frames: 9, fps: 8 });
    expect(status.result).toMatchObject({ content_type: 'video/mp4', frames: 9, fps: 8, duration_seconds: 9 / 8 });
    expect(await probeVideo(result, 'mp4')).toEqual({ codec: 'h264', width: 64, height: 64, fps: 8, frames: 9 });
    expect((await sharp(preview).metadata()).format).toBe('jpeg');
  });

  it('GEN-4: phr00t makes a VP9 WebM with exactly num_frames frames at fps', async () => {
    const { status, result } = await runToSuccess(
      sim,
      jobRequest({ model: 'phr00t', output_format: 'webm', width: 80, height: 48, parameters: { num_frames: 13, fps: 16 } }),
    );
    expect(status.used).toMatchObject({ width: 80, height: 48, steps: 4, num_frames: 13, fps: 16 });
    expect(await probeVideo(result, 'webm')).toEqual({ codec: 'vp9', width: 80, height: 48, fps: 16, frames: 13 });
  });

  it('GEN-7: the same request on two simulator instances gives byte-identical results; another seed does not', async () => {
    const other = await startTestSimulator();
    try {
      for (const base of [
        jobRequest({ model: 'flux' }),
        jobRequest({ model: 'flux', output_format: 'jpeg' }),
        jobRequest({ model: 'anisora', output_format: 'mp4' }),
        jobRequest({ model: 'phr00t', output_format: 'webm' }),
      ]) {
        const [a, b] = await Promise.all([runToSuccess(sim, base), runToSuccess(other, base)]);
        expect(a.status.result!.sha256).toBe(b.status.result!.sha256);
        expect(a.status.preview!.sha256).toBe(b.status.preview!.sha256);
      }
      const request = jobRequest({ model: 'flux' });
      const reseeded = { ...request, job_id: jobRequest().job_id, seed: request.seed + 1 };
      const [x, y] = await Promise.all([runToSuccess(sim, request), runToSuccess(other, reseeded)]);
      expect(x.status.result!.sha256).not.toBe(y.status.result!.sha256);
    } finally {
      await other.close();
    }
  });

  it('GEN-4: img2img blends the reference image into the result', async () => {
    const white = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const plain = jobRequest({ model: 'flux' });
    const withReference = jobRequest({
      model: 'flux',
      mode: 'img2img',
      parameters: { steps: 4, denoising_strength: 0.2 },
      images: [{ role: 'reference_image', mime: 'image/png', data_base64: white.toString('base64') }],
    });
    const [a, b] = await Promise.all([runToSuccess(sim, plain), runToSuccess(sim, withReference)]);
    const mean = async (bytes: Buffer): Promise<number> => (await sharp(bytes).stats()).channels.reduce((sum, c) => sum + c.mean, 0) / 3;
    expect(await mean(b.result)).toBeGreaterThan((await mean(a.result)) + 40);
  });
});
