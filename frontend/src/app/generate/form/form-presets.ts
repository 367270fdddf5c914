import type { AspectPreset, FieldSpec, InferenceSettings, ModelSpec, NumericFieldSpec } from '@gg/contracts/settings';
import { applyRounding, estimateSeconds, framesForDuration, isNumericField, normalizeSize } from '@gg/contracts/settings';

import type { Draft } from './draft';
import { numericLimits, SIZE_FIELDS } from './form-fields';
import { numberProblem } from './form-validation';

export interface AspectChoice {
  readonly preset: AspectPreset;
  readonly active: boolean;
}

export interface DurationChoice {
  readonly seconds: number;
  /** Frames the preset sets at the current fps. */
  readonly frames: number;
  /** What those frames really last (capped presets are shorter than their label). */
  readonly actualSeconds: number;
  readonly active: boolean;
  /** False when the frames fall outside the range on screen (Advanced widens it). */
  readonly enabled: boolean;
}

/** Aspect presets whose width and height the size fields take in the range on screen. */
export function aspectChoices(catalog: InferenceSettings, fields: Readonly<Record<string, FieldSpec>>, draft: Draft, advanced: boolean): AspectChoice[] {
  const [widthField, heightField] = SIZE_FIELDS;
  const width = fields[widthField];
  const height = fields[heightField];
  if (!isNumericField(width) || !isNumericField(height)) return [];
  return catalog.common.presets.aspects
    .filter((preset) => numberProblemFree(width, preset.width, advanced) && numberProblemFree(height, preset.height, advanced))
    .map((preset) => ({
      preset,
      active: draft.values[widthField] === preset.width && draft.values[heightField] === preset.height,
    }));
}

/** Duration presets (video models): seconds → frames via `framesForDuration` at the current fps. */
export function durationChoices(
  catalog: InferenceSettings,
  model: ModelSpec,
  fields: Readonly<Record<string, FieldSpec>>,
  draft: Draft,
  advanced: boolean,
): DurationChoice[] {
  const presets = catalog.common.presets.durations;
  const { frames_field, fps_field } = catalog.common.time_estimate.video;
  const framesSpec = fields[frames_field];
  const fps = draft.values[fps_field];
  if (!presets.applies_to.includes(model.type) || !isNumericField(framesSpec) || typeof fps !== 'number' || !(fps > 0)) {
    return [];
  }
  return presets.seconds.map((seconds) => {
    const frames = framesForDuration(presets, seconds, fps);
    return {
      seconds,
      frames,
      actualSeconds: Math.round((frames / fps) * 10) / 10,
      active: draft.values[frames_field] === frames,
      enabled: numberProblemFree(framesSpec, frames, advanced),
    };
  });
}

/** The field a duration preset sets (the catalog's `time_estimate.video.frames_field`). */
export function framesField(catalog: InferenceSettings): string {
  return catalog.common.time_estimate.video.frames_field;
}

/** Seconds the task should take on a warm GPU, or null while a value it needs is missing. */
export function estimateFor(catalog: InferenceSettings, model: ModelSpec, draft: Draft): number | null {
  const seconds = estimateSeconds(catalog, model, draft.values);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

export interface RenderSize {
  readonly width: number;
  readonly height: number;
  readonly reasons: readonly string[];
}

/** The size the model will render for the draft's width and height, when it differs (pony squares, ×16). */
export function renderSize(model: ModelSpec, draft: Draft): RenderSize | null {
  const [widthField, heightField] = SIZE_FIELDS;
  const width = draft.values[widthField];
  const height = draft.values[heightField];
  if (typeof width !== 'number' || typeof height !== 'number' || !(width > 0) || !(height > 0)) return null;
  const outcome = normalizeSize(model.size, draft.mode, width, height);
  return outcome.reasons.length > 0 ? outcome : null;
}

/** The value the server will use for a field with a rounding rule (4k+1 frames), when it differs. */
export function roundedValue(spec: FieldSpec, value: unknown): number | null {
  if (!isNumericField(spec) || !spec.rounding || typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (value < spec.accepted.min || value > spec.accepted.max) return null;
  const used = applyRounding(value, spec.rounding, spec.accepted.min, spec.accepted.max);
  return used === value ? null : used;
}

/** True when the value is fine for the field in the range on screen. */
function numberProblemFree(spec: NumericFieldSpec, value: number, advanced: boolean): boolean {
  return numberProblem(spec, spec.label, value, numericLimits(spec, advanced), advanced) === null;
}
