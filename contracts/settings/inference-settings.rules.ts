/**
 * Pure readings of the catalog that the backend validator and the web form must agree on (field merge,
 * conditions, rounding, size snapping, presets, time estimate). Kept here, dependency-free, so the UI shows
 * exactly the adjustment the API will report instead of re-implementing it.
 */
import type {
  DurationPresets,
  FieldCondition,
  FieldSpec,
  FieldValue,
  InferenceSettings,
  ModelSpec,
  NumericFieldSpec,
  ScalarFieldSpec,
  SizeRules,
  ValueRounding,
} from './inference-settings.js';

export function isNumericField(spec: FieldSpec | undefined): spec is NumericFieldSpec {
  return spec?.type === 'integer' || spec?.type === 'number';
}

/** Numbers and strings: the fields that carry a value (not images or keyframes). */
export function isScalarField(spec: FieldSpec | undefined): spec is ScalarFieldSpec {
  return isNumericField(spec) || spec?.type === 'string';
}

/** Every request key a model accepts (names and aliases) mapped to the field it sets. */
export function fieldNameIndex(fields: Readonly<Record<string, FieldSpec>>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [name, spec] of Object.entries(fields)) {
    index.set(name, name);
    for (const alias of spec.aliases ?? []) index.set(alias, name);
  }
  return index;
}

/** Common fields (with the model's overrides applied) followed by the model's own parameters. */
export function resolveModelFields(settings: InferenceSettings, model: ModelSpec): Record<string, FieldSpec> {
  const fields: Record<string, FieldSpec> = {};
  for (const [name, spec] of Object.entries(settings.common.fields)) {
    const override = model.field_overrides?.[name];
    fields[name] = override ? ({ ...spec, ...override } as FieldSpec) : spec;
  }
  for (const [name, spec] of Object.entries(model.parameters)) fields[name] = spec;
  return fields;
}

/**
 * True when every key of the condition matches; `undefined` when a key's value is unknown (e.g. the
 * mode is invalid), so callers can skip rather than report a misleading error. No condition → true.
 */
export function conditionHolds(
  condition: FieldCondition | undefined,
  values: Readonly<Record<string, unknown>>,
): boolean | undefined {
  if (!condition) return true;
  let unknown = false;
  for (const [key, allowed] of Object.entries(condition)) {
    const value = values[key];
    if (value === undefined) {
      unknown = true;
      continue;
    }
    if (!allowed.includes(value as FieldValue)) return false;
  }
  return unknown ? undefined : true;
}

/** Snap to `multiple·k + offset`, staying inside [min, max] (whose ends are expected to conform). */
export function applyRounding(value: number, rule: ValueRounding, min: number, max: number): number {
  const k = (value - rule.offset) / rule.multiple;
  const lower = Math.floor(k) * rule.multiple + rule.offset;
  const upper = lower + rule.multiple;
  // Ties go down: fewer frames never cost more GPU time than the caller asked for.
  let result = rule.direction === 'down' || value - lower <= upper - value ? lower : upper;
  if (result < min) result += rule.multiple * Math.ceil((min - result) / rule.multiple);
  if (result > max) result -= rule.multiple * Math.ceil((result - max) / rule.multiple);
  return result;
}

export interface SizeOutcome {
  readonly width: number;
  readonly height: number;
  /** Why the size changed, empty when it did not. */
  readonly reasons: readonly string[];
}

/** The size the worker renders for a requested size (pony squares, img2img cap, multiple of 16). */
export function normalizeSize(rules: SizeRules, mode: string, width: number, height: number): SizeOutcome {
  const reasons: string[] = [];
  let w = width;
  let h = height;
  const cap = rules.mode_max_side?.[mode];
  if (rules.snap_squares) {
    const allowed = rules.snap_squares.filter((side) => cap === undefined || side <= cap);
    const candidates = allowed.length > 0 ? allowed : [Math.min(...rules.snap_squares)];
    const side = nearest(candidates, Math.max(w, h));
    if (side !== w || side !== h) {
      const capped = allowed.length < rules.snap_squares.length ? ` (at most ${cap} px in mode ${mode})` : '';
      reasons.push(`the model renders squares of ${listOf(candidates)} px${capped}`);
    }
    w = side;
    h = side;
  } else if (cap !== undefined && Math.max(w, h) > cap) {
    const scale = cap / Math.max(w, h);
    w = Math.round(w * scale);
    h = Math.round(h * scale);
    reasons.push(`mode ${mode} is limited to ${cap} px per side`);
  }
  const roundedW = roundToMultiple(w, rules);
  const roundedH = roundToMultiple(h, rules);
  if (roundedW !== w || roundedH !== h) {
    reasons.push(`sizes are rounded ${rules.rounding} to a multiple of ${rules.multiple}`);
  }
  return { width: roundedW, height: roundedH, reasons };
}

function listOf(values: readonly number[]): string {
  return values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function roundToMultiple(value: number, rules: SizeRules): number {
  const m = rules.multiple;
  const rounded = rules.rounding === 'down' ? Math.floor(value / m) * m : Math.round(value / m) * m;
  return Math.max(m, rounded);
}

/** Nearest candidate; ties go to the smaller one (cheaper, and what the predecessor's worker did). */
function nearest(candidates: readonly number[], target: number): number {
  return [...candidates].sort((a, b) => Math.abs(a - target) - Math.abs(b - target) || a - b)[0]!;
}

/** Frames for a duration preset: multiple·round(seconds·fps/multiple) + offset, capped. */
export function framesForDuration(presets: DurationPresets, seconds: number, fps: number): number {
  const { multiple, offset, max_frames } = presets.frames;
  return Math.min(max_frames, multiple * Math.round((seconds * fps) / multiple) + offset);
}

/** UI time estimate in seconds for the given field values (defaults are the caller's business). */
export function estimateSeconds(
  settings: InferenceSettings,
  model: ModelSpec,
  values: Readonly<Record<string, unknown>>,
): number {
  const estimate = settings.common.time_estimate;
  if (model.type === 'video') {
    const frames = Number(values[estimate.video.frames_field]);
    const fps = Number(values[estimate.video.fps_field]);
    return (frames / fps) * estimate.video.seconds_per_output_second;
  }
  return Number(values[estimate.image.steps_field]) * estimate.image.seconds_per_step;
}
