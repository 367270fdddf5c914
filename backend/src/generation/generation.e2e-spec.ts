import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import sharp from 'sharp';
import { writeFileSync } from 'node:fs';
import { startTestApp, waitForStatus, type TestApp } from '../testing/test-app.js';

async function dataUri(color: string, width = 256, height = 256): Promise<string> {
  const png = await sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

function countFrames(file: string): { frames: number; codec: string } {
  const run = spawnSync(ffmpeg.path, ['-hide_banner', '-i', file, '-map', '0:v:0', '-f', 'null', '-'], { encoding: 'utf8' });
  const frames = [...run.stderr.matchAll(/frame=\s*(\d+)/g)].map((m) => Number(m[1])).pop() ?? 0;
  const codec = /Video: (\w+)/.exec(run.stderr)?.[1] ?? 'unknown';
  return { frames, codec };
}

async function submit(app: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await app.http('/generate', { method: 'POST', json: body, headers });
  const json = (await response.json()) as Record<string, any>;
  if (response.status !== 200) throw new Error(`POST /generate answered ${response.status}: ${JSON.stringify(json)}`);
  return json as { task_id: string; seed: number };
}

describe('Generation end to end over HTTP with the simulator worker', () => {
  let app: TestApp;
  let image: string;
  beforeAll(async () => {
    app = await startTestApp({ simulators: [{}] });
    image = await dataUri('#3366aa');
  }, 30_000);
  afterAll(() => app.close());

  const video = { width: 256, height: 256, num_frames: 9, fps: 8 };
  const cases: [string, string, () => Record<string, unknown>][] = [
    ['anisora', 't2v', () => ({ ...video })],
    ['anisora', 'i2v', () => ({ ...video, reference_image: image })],
    ['anisora', 'first_last_frame', () => ({ ...video, first_frame_image: image, last_frame_image: image, output_format: 'webm' })],
    ['anisora', 'arbitrary_frame', () => ({ ...video, keyframes: [{ frame_index: 0, image }, { frame_index: 8, image, strength: 0.5 }] })],
    ['phr00t', 't2v', () => ({ ...video, output_format: 'webm' })],
    ['wan-remix', 'i2v', () => ({ ...video, reference_image: image })],
    ['phr00t', 'first_last_frame', () => ({ ...video, first_frame_image: image, last_frame_image: image })],
    ['pony', 'txt2img', () => ({ width: 512, height: 512, steps: 20 })],
    ['pony', 'img2img', () => ({ width: 512, height: 512, steps: 20, reference_image: image, output_format: 'jpeg' })],
    ['flux', 'txt2img', () => ({ width: 320, height: 256, steps: 15 })],
    ['flux', 'img2img', () => ({ width: 256, height: 256, steps: 15, reference_image: image })],
  ];

  it.each(cases)('GEN-4: %s %s ends done with a real, decodable file of the right type and size', async (model, mode, extra) => {
    const { task_id: taskId } = await submit(app, { model, mode, prompt: `${model} ${mode} test`, ...extra() });
    const done = await waitForStatus(app, taskId, (s) => s.status === 'done' || s.status === 'failed');
    expect(done).toMatchObject({ status: 'done', progress: 100, result_url: `/results/${taskId}`, preview_url: `/preview/${taskId}` });
    const response = await app.http(done.result_url);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get('etag')).toBe(`"${done.result.sha256}"`);
    if (done.type === 'image') {
      const meta = await sharp(bytes).metadata();
      expect(response.headers.get('content-type')).toBe(done.output_format === 'jpeg' ? 'image/jpeg' : 'image/png');
      expect([meta.format, meta.width, meta.height]).toEqual([done.output_format === 'jpeg' ? 'jpeg' : 'png', done.used.width, done.used.height]);
    } else {
      const file = join(app.dataDir, `${taskId}.${done.output_format}`);
      writeFileSync(file, bytes);
      const decoded = countFrames(file);
      expect(response.headers.get('content-type')).toBe(`video/${done.output_format}`);
      expect(decoded.frames).toBe(9);
      expect(decoded.codec).toBe(done.output_format === 'webm' ? 'vp9' : 'h264');
    }
    const preview = await app.http(done.preview_url);
    const previewMeta = await sharp(Buffer.from(await preview.arrayBuffer())).metadata();
    expect(preview.headers.get('content-type')).toBe('image/jpeg');
    expect(Math.max(previewMeta.width!, previewMeta.height!)).toBeLessThanOrEqual(512);
  }, 30_000);

  it('GEN-4: serves byte ranges (video seeking), answers If-None-Match with 304, and 416 past the end', async () => {
    const { task_id: taskId } = await submit(app, { model: 'anisora', mode: 't2v', prompt: 'ranges', ...video });
    const done = await waitForStatus(app, taskId, (s) => s.status === 'done');
    const whole = Buffer.from(await (await app.http(`/results/${taskId}`)).arrayBuffer());
    const part = await app.http(`/results/${taskId}`, { headers: { Range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${whole.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(whole.subarray(10, 20));
    const tail = await app.http(`/results/${taskId}`, { headers: { Range: 'bytes=-5' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(whole.subarray(whole.length - 5));
    expect((await app.http(`/results/${taskId}`, { headers: { 'If-None-Match': `"${done.result.sha256}"` } })).status).toBe(304);
    const beyond = await app.http(`/results/${taskId}`, { headers: { Range: `bytes=${whole.length + 10}-` } });
    expect(beyond.status).toBe(416);
    const download = await app.http(`/results/${taskId}?download=1`);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="gooni-.+\.mp4"$/);
  }, 30_000);

  it('GEN-7: seed -1 is resolved at submission, stored, and the same seed reproduces the same bytes', async () => {
    const first = await submit(app, { model: 'flux', mode: 'txt2img', prompt: 'reproducible', width: 256, height: 256, seed: -1 });
    expect(first.seed).toBeGreaterThanOrEqual(0);
    const a = await waitForStatus(app, first.task_id, (s) => s.status === 'done');
    expect(a.seed).toBe(first.seed);
    const second = await submit(app, { model: 'flux', mode: 'txt2img', prompt: 'reproducible', width: 256, height: 256, seed: first.seed });
    const b = await waitForStatus(app, second.task_id, (s) => s.status === 'done');
    expect(b.result.sha256).toBe(a.result.sha256);
  }, 30_000);

  it('GEN-1: the same Idempotency-Key and body give one task, even when sent concurrently; another body is refused', async () => {
    const body = { model: 'flux', mode: 'txt2img', prompt: 'once only', width: 256, height: 256 };
    const answers = await Promise.all(Array.from({ length: 5 }, () => submit(app, body, { 'Idempotency-Key': 'e2e-key-1' })));
    expect(new Set(answers.map((a) => a.task_id)).size).toBe(1);
    const submitted = (await app.events()).filter((e) => e.type === 'TaskSubmitted' && (e.data as { task_id: string }).task_id === answers[0].task_id);
    expect(submitted).toHaveLength(1);
    const reused = await app.http('/generate', { method: 'POST', json: { ...body, prompt: 'different' }, headers: { 'Idempotency-Key': 'e2e-key-1' } });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ code: 'idempotency_key_reused', metadata: { task_id: answers[0].task_id } });
  }, 30_000);

  it('GAL-1, GAL-2: a done task is in the gallery; DELETE removes its files, its status answers 404, its events stay', async () => {
    const { task_id: taskId } = await submit(app, { model: 'pony', mode: 'txt2img', prompt: 'to be deleted', width: 512, height: 512, seed: 777 });
    const done = await waitForStatus(app, taskId, (s) => s.status === 'done');
    const gallery = (await (await app.http('/gallery?per_page=100&model=pony')).json()) as { items: { id: string }[]; total: number };
    expect(gallery.items.map((item) => item.id)).toContain(taskId);
    const deleted = await app.http(`/gallery/${taskId}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ deleted: true, id: taskId });
    expect((await app.http(`/status/${taskId}`)).status).toBe(404);
    expect((await app.http(`/results/${taskId}`)).status).toBe(404);
    const blob = join(app.dataDir, 'results', done.result.sha256.slice(0, 2), done.result.sha256.slice(2, 4), done.result.sha256);
    const started = Date.now();
    while (existsSync(blob) && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(blob)).toBe(false);
    const after = (await (await app.http('/gallery?per_page=100&model=pony')).json()) as { items: { id: string }[] };
    expect(after.items.map((item) => item.id)).not.toContain(taskId);
    const history = (await app.events()).filter((e) => e.stream === `task-${taskId}`).map((e) => e.type);
    expect(history).toEqual(expect.arrayContaining(['TaskSubmitted', 'TaskCompleted', 'TaskOutputDeleted']));
    expect((await app.http(`/gallery/${taskId}`, { method: 'DELETE' })).status).toBe(404);
  }, 30_000);

  it('SEC-4, CAT-3: 30 malformed bodies each get 422 with field details, and no event is appended', async () => {
    const before = await app.store.headPosition();
    const bad: unknown[] = [
      {}, [], 'text', 42, null, { model: 'flux' }, { model: 'nope', mode: 'txt2img', prompt: 'x' }, { model: 'flux', mode: 't2v', prompt: 'x' },
      { model: 'flux', mode: 'txt2img', prompt: '' }, { model: 'flux', mode: 'txt2img', prompt: '   ' }, { model: 'flux', mode: 'txt2img', prompt: 'x'.repeat(2001) },
      { model: 'flux', mode: 'txt2img', prompt: 'x', width: 255 }, { model: 'flux', mode: 'txt2img', prompt: 'x', height: 2049 },
      { model: 'flux', mode: 'txt2img', prompt: 'x', seed: -2 }, { model: 'flux', mode: 'txt2img', prompt: 'x', seed: 2147483648 },
      { model: 'flux', mode: 'txt2img', prompt: 'x', steps: 151 }, { model: 'flux', mode: 'txt2img', prompt: 'x', steps: 'many' },
      { model: 'flux', mode: 'txt2img', prompt: 'x', sampler: 'Bogus' }, { model: 'flux', mode: 'txt2img', prompt: 'x', output_format: 'gif' },
      { model: 'flux', mode: 'img2img', prompt: 'x' }, { model: 'flux', mode: 'img2img', prompt: 'x', reference_image: 'data:image/png;base64,AAAA' },
      { model: 'anisora', mode: 't2v', prompt: 'x', steps: 20 }, { model: 'phr00t', mode: 'arbitrary_frame', prompt: 'x' },
      { model: 'phr00t', mode: 't2v', prompt: 'x', cfg_scale: 7 }, { model: 'pony', mode: 't2v', prompt: 'x' }, { model: 'anisora', mode: 'txt2img', prompt: 'x' },
      { model: 'anisora', mode: 'i2v', prompt: 'x' }, { model: 'flux', mode: 'txt2img', prompt: 'x', unknown_field: 1 },
      { model: 'anisora', mode: 'arbitrary_frame', prompt: 'x', keyframes: 'nope' }, { model: 'flux', mode: 'txt2img', prompt: 42 },
    ];
    expect(bad).toHaveLength(30);
    for (const body of bad) {
      const response = await app.http('/generate', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const json = (await response.json()) as { code: string; detail: string; user_action: string };
      expect({ body, status: response.status, code: json.code }).toEqual({ body, status: 422, code: 'validation_error' });
      expect(json.detail && json.user_action).toBeTruthy();
    }
    expect(await app.store.headPosition()).toBe(before);
  }, 30_000);
});
