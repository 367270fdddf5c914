import type { FieldSpec, FieldValue, InferenceSettings, KeyframesFieldSpec, ModelSpec } from '@gg/contracts/settings';
import { isNumericField, isScalarField, resolveModelFields } from '@gg/contracts/settings';

/** A checked reference image, ready to send as a data URI. */
export interface ImageValue {
  readonly dataUri: string;
  readonly name: string;
  readonly mime: string;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
}

/** One row of the keyframe editor; `id` only keeps rows stable while they are added and removed. */
export interface KeyframeRow {
  readonly id: number;
  readonly frame_index: number;
  readonly strength: number;
  readonly image: ImageValue | null;
}

/**
 * Everything the user entered for one model. Scalar values are kept as typed (a cleared number input is
 * `NaN` until it is filled again), so a half-finished form survives a reload exactly (GAL-3).
 */
export interface Draft {
  readonly mode: string;
  readonly values: Readonly<Record<string, FieldValue>>;
  readonly images: Readonly<Record<string, ImageValue | null>>;
  readonly keyframes: Readonly<Record<string, readonly KeyframeRow[]>>;
}

/** What a finished task or gallery item carries that a draft can be rebuilt from. */
export interface SettingsSource {
  readonly mode: string;
  readonly prompt: string;
  readonly negative_prompt?: string;
  readonly width?: number;
  readonly height?: number;
  readonly seed?: number;
  readonly output_format?: string;
  readonly parameters?: Readonly<Record<string, FieldValue>>;
}

export function modelFields(catalog: InferenceSettings, model: ModelSpec): Record<string, FieldSpec> {
  return resolveModelFields(catalog, model);
}

/** The catalog's defaults: first mode, every default value, `min_items` keyframe rows. */
export function initialDraft(catalog: InferenceSettings, model: ModelSpec): Draft {
  const fields = modelFields(catalog, model);
  const values: Record<string, FieldValue> = {};
  const keyframes: Record<string, KeyframeRow[]> = {};
  for (const [name, spec] of Object.entries(fields)) {
    if (isScalarField(spec)) values[name] = defaultOf(spec);
    if (spec.type === 'keyframes') keyframes[name] = initialKeyframes(spec);
  }
  return { mode: model.modes[0]?.id ?? '', values, images: {}, keyframes };
}

export function defaultOf(spec: FieldSpec): FieldValue {
  if (isNumericField(spec)) return spec.default;
  return spec.type === 'string' ? (spec.default ?? '') : '';
}

export function newKeyframe(spec: KeyframesFieldSpec, rows: readonly KeyframeRow[]): KeyframeRow {
  const id = rows.reduce((max, row) => Math.max(max, row.id), 0) + 1;
  const used = new Set(rows.map((row) => row.frame_index));
  let frame = spec.item.frame_index.default;
  // A new row starts on a free frame so it is valid as soon as it has an image.
  while (used.has(frame)) frame += 1;
  return { id, frame_index: frame, strength: spec.item.strength.default, image: null };
}

function initialKeyframes(spec: KeyframesFieldSpec): KeyframeRow[] {
  const rows: KeyframeRow[] = [];
  for (let i = 0; i < spec.min_items; i++) rows.push(newKeyframe(spec, rows));
  return rows;
}

/**
 * A stored (or otherwise untrusted) draft made safe for the current catalog: unknown modes and fields are
 * dropped, values of the wrong type fall back to the default. Returns the initial draft for garbage.
 */
export function sanitizeDraft(catalog: InferenceSettings, model: ModelSpec, stored: unknown): Draft {
  const initial = initialDraft(catalog, model);
  if (typeof stored !== 'object' || stored === null) return initial;
  const raw = stored as Partial<Record<keyof Draft, unknown>>;
  const fields = modelFields(catalog, model);
  const mode = model.modes.some((m) => m.id === raw.mode) ? (raw.mode as string) : initial.mode;
  const storedValues = asRecord(raw.values);
  const values: Record<string, FieldValue> = { ...initial.values };
  for (const [name, spec] of Object.entries(fields)) {
    const value = storedValues[name];
    if (isNumericField(spec) && !spec.fixed && typeof value === 'number') values[name] = value;
    if (isNumericField(spec) && !spec.fixed && value === null) values[name] = Number.NaN;
    if (spec.type === 'string' && !spec.fixed && typeof value === 'string') values[name] = value;
  }
  const storedImages = asRecord(raw.images);
  const images: Record<string, ImageValue | null> = {};
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.type === 'image' && isImageValue(storedImages[name])) images[name] = storedImages[name] as ImageValue;
  }
  const storedKeyframes = asRecord(raw.keyframes);
  const keyframes: Record<string, KeyframeRow[]> = { ...initial.keyframes } as Record<string, KeyframeRow[]>;
  for (const [name, spec] of Object.entries(fields)) {
    const rows = storedKeyframes[name];
    if (spec.type !== 'keyframes' || !Array.isArray(rows)) continue;
    keyframes[name] = rows.slice(0, spec.max_items).flatMap((row: unknown, i) => {
      const r = asRecord(row);
      return [{
        id: i + 1,
        frame_index: typeof r['frame_index'] === 'number' ? r['frame_index'] : spec.item.frame_index.default,
        strength: typeof r['strength'] === 'number' ? r['strength'] : spec.item.strength.default,
        image: isImageValue(r['image']) ? (r['image'] as ImageValue) : null,
      }];
    });
  }
  return { mode, values, images, keyframes };
}

/**
 * A draft that repeats a finished task's settings ("Use these settings again"): its mode, prompt, size,
 * seed and every parameter the model still knows. Reference images are not kept with outputs, so image
 * fields start empty.
 */
export function draftFromSettings(catalog: InferenceSettings, model: ModelSpec, source: SettingsSource): Draft {
  const { parameters = {}, mode, ...envelope } = source;
  return sanitizeDraft(catalog, model, {
    mode,
    values: { ...parameters, ...envelope },
    images: {},
  });
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isImageValue(value: unknown): boolean {
  const v = asRecord(value);
  return typeof v['dataUri'] === 'string' && (v['dataUri'] as string).startsWith('data:') && typeof v['width'] === 'number';
}
