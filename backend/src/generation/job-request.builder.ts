import type { JobImage, JobRequest, WorkerModel, WorkerOutputFormat } from '../../../contracts/worker-api/worker-api.js';
import type { TaskSubmittedData } from '../../../contracts/events/task-events.js';
import type { BlobStore } from '../platform/blob-store/blob-store.port.js';

/** The job a worker receives for a task; the job id is stable per task and account, so resubmitting is safe. */
export async function buildJobRequest(task: TaskSubmittedData, jobId: string, blobs: BlobStore, publicBaseUrl: string | null = null): Promise<JobRequest> {
  const images: JobImage[] = [];
  for (const image of task.images) {
    const bytes = await blobs.read(image.sha256);
    if (!bytes) throw new Error(`Reference image ${image.sha256} of task ${task.task_id} is missing from the blob store`);
    images.push({
      role: image.role,
      ...(image.frame_index !== undefined ? { frame_index: image.frame_index } : {}),
      ...(image.strength !== undefined ? { strength: image.strength } : {}),
      mime: image.mime,
      data_base64: bytes.toString('base64'),
    });
  }
  return {
    job_id: jobId,
    model: task.model as WorkerModel,
    type: task.type,
    mode: task.mode,
    prompt: task.prompt,
    negative_prompt: task.negative_prompt,
    seed: task.seed,
    width: task.width,
    height: task.height,
    output_format: task.output_format as WorkerOutputFormat,
    parameters: task.parameters,
    ...(images.length > 0 ? { images } : {}),
    ...(publicBaseUrl ? { callback_url: `${publicBaseUrl}/worker-callbacks/${task.task_id}` } : {}),
  };
}
