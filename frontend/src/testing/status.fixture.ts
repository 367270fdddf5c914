import type { StatusDocument } from '../app/core/api-types';

/** A `GET /status/{id}` document as specs/http-api.md shows it; override what a test is about. */
export function statusDoc(change: Partial<StatusDocument> = {}): StatusDocument {
  return {
    task_id: 't1',
    status: 'pending',
    progress: 0,
    stage: 'queued',
    error_msg: null,
    error: null,
    result_url: null,
    preview_url: null,
    created_at: '2026-11-27T08:00:00.000Z',
    updated_at: '2026-11-27T08:00:00.000Z',
    model: 'flux',
    type: 'image',
    mode: 'txt2img',
    prompt: 'a red fox in the snow',
    negative_prompt: '',
    width: 1024,
    height: 1024,
    seed: 42,
    output_format: 'png',
    parameters: { steps: 25, guidance_scale: 3.5, sampler: 'Euler' },
    adjustments: [],
    queue_position: 0,
    step: null,
    total_steps: null,
    started_at: null,
    finished_at: null,
    timings: { queued_ms: 0, processing_ms: null, total_ms: null },
    result: null,
    preview: null,
    retry_of: null,
    retried_as: null,
    ...change,
  };
}

export function doneDoc(change: Partial<StatusDocument> = {}): StatusDocument {
  const id = change.task_id ?? 't1';
  return statusDoc({
    status: 'done',
    progress: 100,
    stage: 'done',
    queue_position: null,
    result_url: `/results/${id}`,
    preview_url: `/preview/${id}`,
    started_at: '2026-11-27T08:00:01.000Z',
    finished_at: '2026-11-27T08:00:11.000Z',
    timings: { queued_ms: 1000, processing_ms: 10000, total_ms: 11000 },
    result: { mime: 'image/png', bytes: 140826, width: 1024, height: 1024, sha256: 'ab' },
    preview: { mime: 'image/jpeg', bytes: 9000, width: 512, height: 512, sha256: 'cd' },
    ...change,
  });
}
