import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { WORKER_CONTENT_TYPES, type JobStage } from '../../contracts/worker-api/worker-api.js';
import type { FaultInjector } from './fault-injector.js';
import { decodeReference, encodeImage, encodePreview } from './image-encoder.js';
import { JobFailure, seedTextOf, type JobRecord } from './job-record.js';
import { numberParam } from './model-rules.js';
import { createFramePainter, type FramePainter } from './pattern-painter.js';
import { encodeVideo } from './video-encoder.js';

export interface JobRunnerDeps {
  dataDir: string;
  ffmpegPath: string;
  /** 1.0 ≈ real GPU timing (image step 0.4 s, video (frames/fps)·3.5 s); tests use ~0.001. */
  speed: number;
  faults: FaultInjector;
  now(): Date;
  emit(record: JobRecord): void;
  /** The worker dies (crashAtProgress). Expected to abort every job, this one included. */
  crash(record: JobRecord): void;
}

const LOAD_MS = { image: 1_500, video: 3_000 };
const IMAGE_STEP_MS = 400;
const STORE_MS = 150;

/** Runs one job through the stages, updating `record.status` in place and emitting every change. */
export async function runJob(record: JobRecord, deps: JobRunnerDeps): Promise<void> {
  const { status, request } = record;
  const signal = record.abort.signal;
  const used = status.used;
  const video = request.type === 'video';
  const sleep = (ms: number): Promise<void> => delay(Math.max(0, ms * deps.speed), undefined, { signal });

  const update = (stage: JobStage, progress: number, step?: number): void => {
    signal.throwIfAborted();
    const next = Math.max(status.progress, Math.min(100, Math.floor(progress)));
    const changed = stage !== status.stage || next !== status.progress || (step !== undefined && step !== status.step);
    status.stage = stage;
    status.progress = next;
    if (step !== undefined) status.step = step;
    if (!changed) return;
    deps.emit(record);
    if (deps.faults.crashesAt(status.progress)) {
      deps.crash(record);
      signal.throwIfAborted();
    }
  };
  const advance = async (stage: JobStage, progress: number, step?: number): Promise<void> => {
    update(stage, progress, step);
    // Polled rather than awaited forever so a hang switched off through /_faults lets the job resume.
    while (deps.faults.isHungAt(status.progress)) await delay(25, undefined, { signal });
  };

  const dir = join(deps.dataDir, request.job_id);
  try {
    status.state = 'running';
    status.started_at = deps.now().toISOString();
    await advance('loading_model', 5);
    await sleep(LOAD_MS[request.type]);
    if (deps.faults.failsModel(request.model)) {
      throw new JobFailure('worker_error', `Simulated failure: the ${request.model} pipeline could not be loaded.`);
    }
    const steps = used.steps ?? 1;
    const stepMs = video ? ((used.num_frames ?? 1) / (used.fps ?? 16)) * 3_500 / steps : IMAGE_STEP_MS;
    status.total_steps = steps;
    await advance('inferring', 10, 0);
    const outOfMemory = deps.faults.rollOutOfMemory(request.job_id);
    for (let step = 1; step <= steps; step++) {
      await sleep(stepMs);
      if (outOfMemory) throw new JobFailure('gpu_out_of_memory', outOfMemoryMessage(record));
      await advance('inferring', 10 + (80 * step) / steps, step);
    }
    await advance('encoding', 90);
    await mkdir(dir, { recursive: true });
    const painter = createFramePainter({
      width: used.width,
      height: used.height,
      frames: used.num_frames ?? 1,
      seedText: seedTextOf(request),
      underlay: await loadUnderlay(record),
    });
    const firstFrame = video ? await writeVideo(record, deps, dir, painter, advance) : await writeImage(record, dir, painter);
    await advance('storing', 97);
    const preview = await encodePreview(firstFrame, used.width, used.height);
    record.previewPath = join(dir, 'preview.jpg');
    await writeFile(record.previewPath, preview.bytes);
    const result = await describeFile(record.resultPath!);
    await sleep(STORE_MS);
    signal.throwIfAborted();
    status.result = {
      content_type: WORKER_CONTENT_TYPES[request.output_format],
      ...result,
      width: used.width,
      height: used.height,
      ...(video ? { frames: used.num_frames, fps: used.fps, duration_seconds: (used.num_frames ?? 0) / (used.fps ?? 1) } : {}),
    };
    status.preview = { content_type: 'image/jpeg', sha256: sha256(preview.bytes), bytes: preview.bytes.length, width: preview.width, height: preview.height };
    status.state = 'succeeded';
    status.finished_at = deps.now().toISOString();
    update('done', 100);
  } catch (error) {
    // Canceled (the registry already recorded it) or crashing (a dead worker reports nothing more).
    if (signal.aborted) {
      if (status.state === 'canceled') await rm(dir, { recursive: true, force: true });
      return;
    }
    await rm(dir, { recursive: true, force: true });
    status.state = 'failed';
    status.error =
      error instanceof JobFailure
        ? { code: error.code, message: error.message }
        : { code: 'worker_error', message: `Simulated worker error: ${error instanceof Error ? error.message : String(error)}` };
    status.finished_at = deps.now().toISOString();
    deps.emit(record);
  }
}

async function writeImage(record: JobRecord, dir: string, painter: FramePainter): Promise<Buffer> {
  const { used } = record.status;
  const format = record.request.output_format === 'jpeg' ? 'jpeg' : 'png';
  const pixels = painter.paint(0);
  const image = await encodeImage(pixels, used.width, used.height, format);
  record.resultPath = join(dir, `result.${format}`);
  await writeFile(record.resultPath, image.bytes);
  return pixels;
}

async function writeVideo(
  record: JobRecord,
  deps: JobRunnerDeps,
  dir: string,
  painter: FramePainter,
  advance: (stage: JobStage, progress: number) => Promise<void>,
): Promise<Buffer> {
  const { used } = record.status;
  const format = record.request.output_format === 'webm' ? 'webm' : 'mp4';
  const frames = used.num_frames ?? 1;
  const partial = join(dir, `result.partial.${format}`);
  let firstFrame: Buffer | undefined;
  await encodeVideo({
    ffmpegPath: deps.ffmpegPath,
    outputPath: partial,
    format,
    width: used.width,
    height: used.height,
    fps: used.fps ?? 16,
    frames,
    signal: record.abort.signal,
    paintFrame: (index) => {
      const frame = painter.paint(index);
      if (index === 0) firstFrame = frame;
      return frame;
    },
    onFrame: (written) => advance('encoding', 90 + (6 * written) / frames),
  });
  record.resultPath = join(dir, `result.${format}`);
  await rename(partial, record.resultPath);
  return firstFrame!;
}

async function loadUnderlay(record: JobRecord): Promise<{ pixels: Buffer; weight: number } | undefined> {
  const reference = record.request.images?.find((image) => image.role !== 'last_frame_image');
  if (!reference) return undefined;
  const { width, height } = record.status.used;
  try {
    const pixels = await decodeReference(Buffer.from(reference.data_base64, 'base64'), width, height);
    const denoise = numberParam(record.request, 'denoising_strength') ?? 0.7;
    return { pixels, weight: Math.min(1, Math.max(0, 1 - denoise)) };
  } catch {
    throw new JobFailure('invalid_request', `Reference image ${reference.role} could not be decoded.`);
  }
}

async function describeFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sha256: hash.digest('hex'), bytes: (await stat(path)).size };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function outOfMemoryMessage(record: JobRecord): string {
  const { width, height, num_frames: frames, steps } = record.status.used;
  const size = `${width}×${height}${frames ? `, ${frames} frames` : ''}, ${steps} steps`;
  return `CUDA out of memory (simulated) at ${size}. Lower the resolution, the number of frames or the steps and try again.`;
}
