import { randomUUID } from 'node:crypto';
import type { JobRequest } from '../../../contracts/worker-api/worker-api.js';

/** A small, fast request per model: 64×64 images, 9-frame 64×64 clips. */
export function jobRequest(overrides: Partial<JobRequest> = {}): JobRequest {
  const model = overrides.model ?? 'flux';
  const video = model === 'anisora' || model === 'phr00t';
  return {
    job_id: randomUUID(),
    model,
    type: video ? 'video' : 'image',
    mode: video ? 't2v' : 'txt2img',
    prompt: 'a lighthouse at dusk, volumetric light',
    negative_prompt: 'blurry',
    seed: 1234,
    width: 64,
    height: 64,
    output_format: video ? 'mp4' : 'png',
    parameters: video ? { num_frames: 9, fps: 8 } : { steps: 4 },
    ...overrides,
  };
}
