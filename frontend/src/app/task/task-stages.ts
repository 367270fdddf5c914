import type { TaskStage } from '../core/api-types';

/** Stage names of GEN-2 in words; an unknown stage is shown as the server named it. */
const STAGE_LABELS: Readonly<Record<string, string>> = {
  queued: 'Waiting in the queue',
  dispatched: 'Sent to a GPU worker',
  loading_model: 'Loading the model',
  inferring: 'Generating',
  encoding: 'Encoding the result',
  storing: 'Saving the result',
};

export function stageLabel(stage: TaskStage | null | undefined): string {
  if (!stage) return '';
  return STAGE_LABELS[stage] ?? stage.replace(/_/g, ' ');
}

/** "Next in line" / "1 task ahead of yours" / "3 tasks ahead of yours". */
export function queueText(position: number | null): string {
  if (position === null) return '';
  if (position <= 0) return 'Next in line';
  return `${position} task${position === 1 ? '' : 's'} ahead of yours`;
}
