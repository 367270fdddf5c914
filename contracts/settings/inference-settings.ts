/**
 * Types of `inference_settings.json` (the model catalog, CAT-1). Imported by the backend and the Angular
 * app alike, so this file has no runtime dependencies. The JSON Schema beside it is the enforced contract;
 * these types mirror it.
 *
 * Reading guide for form builders:
 * - `common.fields` are the request fields every model shares (prompt, size, seed, images, ...);
 *   `models[i].field_overrides` replaces some of their attributes for one model (shallow merge).
 * - `models[i].parameters` are the model's own fields, in display order.
 * - Numeric fields: `min`/`max`/`step`/`options` are the RECOMMENDED range (what the form offers by
 *   default); `accepted` is what the API takes (the form's "advanced" switch).
 * - `visible_if` / `required_if`: every key must match (AND); a key is `mode` or another field's name and
 *   its array lists the values that satisfy it. No condition means always.
 * - `fixed: true`: the value is always `default`; show it locked; the API rejects any other value.
 */

export type MediaType = 'video' | 'image';
export type StaleClass = MediaType;
export type FieldValue = number | string;

/** Keys are `mode` or a field name; all keys must match one of their listed values. */
export type FieldCondition = Readonly<Record<string, readonly FieldValue[]>>;

export interface AcceptedRange {
  readonly min: number;
  readonly max: number;
}

/** Values are snapped to `multiple * k + offset` (e.g. Wan frame counts 4k+1). */
export interface ValueRounding {
  readonly multiple: number;
  readonly offset: number;
  readonly direction: 'nearest' | 'down';
}

interface FieldBase {
  readonly label: string;
  readonly description?: string;
  /** Other request keys accepted for this field (e.g. `cfg` for `cfg_scale`). */
  readonly aliases?: readonly string[];
  readonly visible_if?: FieldCondition;
  readonly required_if?: FieldCondition;
}

export interface NumericFieldSpec extends FieldBase {
  readonly type: 'integer' | 'number';
  readonly control?: 'slider' | 'number' | 'select' | 'seed';
  readonly unit?: string;
  readonly default: number;
  /** Recommended range: what the form offers by default. */
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  /** Recommended choices (e.g. fps 8/16/24); the API still takes anything in `accepted`. */
  readonly options?: readonly number[];
  readonly option_labels?: Readonly<Record<string, string>>;
  /** What the API accepts. */
  readonly accepted: AcceptedRange;
  readonly fixed?: boolean;
  readonly rounding?: ValueRounding;
  /** The value must be below the value of this other field (keyframe index < num_frames). */
  readonly below_field?: string;
}

export interface StringFieldSpec extends FieldBase {
  readonly type: 'string';
  readonly control?: 'text' | 'textarea' | 'select';
  readonly default?: string;
  readonly required?: boolean;
  readonly min_length?: number;
  readonly max_length?: number;
  /** Whitespace-only values are rejected. */
  readonly not_blank?: boolean;
  /** The value is used trimmed. */
  readonly trim?: boolean;
  /** When present the value must be one of these. */
  readonly options?: readonly string[];
  readonly option_labels?: Readonly<Record<string, string>>;
  /** Values older clients send that are replaced (and reported as an adjustment). */
  readonly legacy_values?: Readonly<Record<string, string>>;
  /** Worker fact: text appended to the prompt for each option. */
  readonly prompt_suffix?: Readonly<Record<string, string>>;
  readonly fixed?: boolean;
}

/** One reference image: a data URI or raw base64 (limits in `common.image_input`). */
export interface ImageFieldSpec extends FieldBase {
  readonly type: 'image';
}

export interface KeyframesFieldSpec extends FieldBase {
  readonly type: 'keyframes';
  readonly min_items: number;
  readonly max_items: number;
  readonly item: {
    readonly frame_index: NumericFieldSpec;
    readonly strength: NumericFieldSpec;
  };
}

export type ScalarFieldSpec = NumericFieldSpec | StringFieldSpec;
export type FieldSpec = ScalarFieldSpec | ImageFieldSpec | KeyframesFieldSpec;

/** Attributes a model may replace on a common field (shallow merge over `common.fields[name]`). */
export interface FieldOverride {
  readonly label?: string;
  readonly description?: string;
  readonly default?: FieldValue;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly options?: readonly FieldValue[];
  readonly option_labels?: Readonly<Record<string, string>>;
  readonly accepted?: AcceptedRange;
  readonly legacy_values?: Readonly<Record<string, string>>;
}

export interface ModeSpec {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
}

export interface Resolution {
  readonly width: number;
  readonly height: number;
  readonly label?: string;
}

/** How the worker (and the validator, to report it) turns a requested size into the size it renders. */
export interface SizeRules {
  readonly multiple: number;
  readonly rounding: 'down' | 'nearest';
  /** Square sides the model renders; any other size snaps to the nearest (by longest side). */
  readonly snap_squares?: readonly number[];
  /** Longest-side cap per mode (pony img2img: 768). */
  readonly mode_max_side?: Readonly<Record<string, number>>;
}

export interface RuntimeSpec {
  /** Acceptable GPU classes, preferred first. */
  readonly gpu: readonly string[];
  readonly timeout_seconds: number;
  readonly stale_class: StaleClass;
  /** Weight locations by role (`model`, `file`, `vae`, `components`, ...). */
  readonly weights: Readonly<Record<string, string>>;
}

export interface ModelSpec {
  readonly id: string;
  readonly name: string;
  readonly type: MediaType;
  readonly description?: string;
  readonly aliases: readonly string[];
  /** The first mode is the form's default. */
  readonly modes: readonly ModeSpec[];
  readonly parameters: Readonly<Record<string, ScalarFieldSpec>>;
  readonly field_overrides?: Readonly<Record<string, FieldOverride>>;
  readonly recommended_resolutions: readonly Resolution[];
  readonly size: SizeRules;
  readonly runtime: RuntimeSpec;
}

export interface ImageInputLimits {
  readonly formats: readonly ('png' | 'jpeg' | 'webp')[];
  readonly max_decoded_bytes: number;
  readonly max_dimension: number;
}

/** UI time estimate: video (frames / fps) × seconds_per_output_second; image steps × seconds_per_step. */
export interface TimeEstimate {
  readonly video: { readonly frames_field: string; readonly fps_field: string; readonly seconds_per_output_second: number };
  readonly image: { readonly steps_field: string; readonly seconds_per_step: number };
}

export interface DurationPresets {
  readonly applies_to: readonly MediaType[];
  readonly seconds: readonly number[];
  readonly default_seconds: number;
  /** frames = multiple · round(seconds · fps / multiple) + offset, capped at max_frames. */
  readonly frames: { readonly multiple: number; readonly offset: number; readonly max_frames: number };
}

export interface AspectPreset {
  readonly id: string;
  readonly label: string;
  readonly width: number;
  readonly height: number;
}

export interface CommonSpec {
  readonly fields: Readonly<Record<string, FieldSpec>>;
  readonly image_input: ImageInputLimits;
  readonly time_estimate: TimeEstimate;
  readonly presets: { readonly durations: DurationPresets; readonly aspects: readonly AspectPreset[] };
  /** GEN-6: a task processing longer than this fails as stale. */
  readonly stale_timeouts: Readonly<Record<StaleClass, { readonly processing_seconds: number }>>;
}

export interface InferenceSettings {
  readonly $schema?: string;
  readonly version: string;
  readonly common: CommonSpec;
  readonly models: readonly ModelSpec[];
}
