import {
  WORKER_MODEL_TYPES,
  WORKER_MODELS,
  type JobRequest,
  type JobUsedSettings,
  type WorkerModel,
} from '../../contracts/worker-api/worker-api.js';

/**
 * The rules the real worker applies before running a pipeline (models.md). The simulator applies the
 * same ones so that `used` in a status means the same thing whichever worker answered.
 */

const FIXED_STEPS: Partial<Record<WorkerModel, number>> = { anisora: 8, phr00t: 4 };
const DEFAULT_STEPS: Partial<Record<WorkerModel, number>> = { pony: 30, flux: 25 };
const PONY_SIDES = [512, 768, 1024] as const;
const IMAGE_MIMES = ['image/png', 'image/jpeg', 'image/webp'];

export function isWorkerModel(model: string): model is WorkerModel {
  return (WORKER_MODELS as readonly string[]).includes(model);
}

/** Rounds down to the VAE's multiple of 16 (never below 16). */
export function roundDownTo16(value: number): number {
  return Math.max(16, Math.floor(value / 16) * 16);
}

/** Pony runs square 512/768/1024 only; thresholds are the midpoints, img2img is capped at 768. */
export function snapPonySide(width: number, height: number, mode: string): number {
  const longest = Math.max(width, height);
  const side = longest > 896 ? 1024 : longest > 640 ? 768 : 512;
  return mode === 'img2img' ? Math.min(side, 768) : side;
}

/** Wan's temporal VAE compresses 4 frames into one latent after the first, so frames must be 4k+1. */
export function nearestWanFrameCount(requested: number): number {
  const clamped = clampInt(requested, 1, 241);
  return 4 * Math.round((clamped - 1) / 4) + 1;
}

export function resolveUsedSettings(request: JobRequest): JobUsedSettings {
  const model = request.model;
  const used: JobUsedSettings = { width: 0, height: 0, seed: request.seed };
  if (model === 'pony') {
    const side = snapPonySide(request.width, request.height, request.mode);
    used.width = side;
    used.height = side;
  } else {
    used.width = roundDownTo16(request.width);
    used.height = roundDownTo16(request.height);
  }
  used.steps = FIXED_STEPS[model] ?? clampInt(numberParam(request, 'steps') ?? DEFAULT_STEPS[model] ?? 25, 1, 150);
  if (WORKER_MODEL_TYPES[model] === 'video') {
    used.num_frames = nearestWanFrameCount(numberParam(request, 'num_frames') ?? 81);
    used.fps = clampInt(numberParam(request, 'fps') ?? 16, 1, 60);
  }
  return used;
}

/**
 * Checks what a JSON schema cannot: that model, type and format agree and reference images are usable.
 * Returns a human-readable problem, or null when the request can run.
 */
export function findRequestProblem(request: JobRequest): string | null {
  const type = WORKER_MODEL_TYPES[request.model];
  if (request.type !== type) return `Model ${request.model} produces ${type}, not ${request.type}.`;
  const formats = type === 'video' ? ['mp4', 'webm'] : ['png', 'jpeg'];
  if (!formats.includes(request.output_format)) {
    return `output_format ${request.output_format} is not a ${type} format (use ${formats.join(' or ')}).`;
  }
  for (const image of request.images ?? []) {
    if (!IMAGE_MIMES.includes(image.mime)) return `Image ${image.role} has unsupported mime ${image.mime}.`;
    if (Buffer.from(image.data_base64, 'base64').length === 0) return `Image ${image.role} is empty.`;
  }
  return null;
}

export function numberParam(request: JobRequest, name: string): number | undefined {
  const value = request.parameters[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function clampInt(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}
