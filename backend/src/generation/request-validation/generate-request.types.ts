import type { FieldValue, MediaType } from '../../../../contracts/settings/inference-settings.js';

/** Stable codes of one rejected field inside a `validation_error` (SEC-4 metadata.fields). */
export type FieldErrorCode =
  | 'required'
  | 'wrong_type'
  | 'out_of_range'
  | 'too_long'
  | 'too_short'
  | 'blank'
  | 'invalid_option'
  | 'unknown_field'
  | 'unknown_model'
  | 'unsupported_mode'
  | 'type_mismatch'
  | 'fixed_parameter'
  | 'not_applicable'
  | 'alias_conflict'
  | 'invalid_image'
  | 'unsupported_image_type'
  | 'image_too_large'
  | 'image_dimensions_too_large'
  | 'duplicate_frame_index'
  | 'too_many_items'
  | 'too_few_items';

export interface FieldError {
  /** The request key as the client sent it (`cfg`, `keyframes[1].strength`); `(body)` for the body. */
  field: string;
  code: FieldErrorCode;
  message: string;
}

/** A value the request asked for that the model cannot use as is; reported, never silent. */
export interface Adjustment {
  field: string;
  requested: FieldValue;
  used: FieldValue;
  reason: string;
}

export type ImageRole = 'reference_image' | 'first_frame_image' | 'last_frame_image' | 'keyframe';
export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

export interface ValidatedImage {
  role: ImageRole;
  /** Keyframes only. */
  frame_index?: number;
  /** Keyframes only. */
  strength?: number;
  mime: ImageMime;
  width: number;
  height: number;
  bytes: Buffer;
}

/** A `POST /generate` body checked against the catalog (CAT-3), with defaults filled in. */
export interface ValidatedRequest {
  /** Canonical id (an alias such as `wan-remix` is resolved). */
  model: string;
  type: MediaType;
  mode: string;
  /** Trimmed. */
  prompt: string;
  negative_prompt: string;
  /** The size the model renders (after snapping/rounding; see adjustments). */
  width: number;
  height: number;
  /** -1 still means random; it is resolved at submission (GEN-7). */
  seed: number;
  output_format: string;
  /** Every model parameter that applies to the mode: sent values, defaults, and fixed values. */
  parameters: Record<string, FieldValue>;
  adjustments: Adjustment[];
  images: ValidatedImage[];
}
