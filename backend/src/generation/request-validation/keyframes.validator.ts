import type { ImageInputLimits, KeyframesFieldSpec } from '../../../../contracts/settings/inference-settings.js';
import { decodeImageInput } from './image-input.decoder.js';
import type { ValidatedImage } from './generate-request.types.js';
import { checkScalar, type FieldKey, type ScalarContext } from './scalar-field.validator.js';

const ITEM_KEYS = ['frame_index', 'image', 'strength'];

/** A keyframe being checked; `image` resolves to undefined when anything about the item was rejected. */
export interface PendingKeyframe {
  path: string;
  frameIndex: number | undefined;
  image: Promise<ValidatedImage | undefined>;
}

/**
 * Checks the `keyframes` list of arbitrary_frame mode: item count, per-item frame index and strength
 * against the catalog, unique frame indexes, and each image. The frame-index upper bound that depends
 * on num_frames is checked by the caller once num_frames is known.
 */
export function checkKeyframes(
  key: FieldKey,
  spec: KeyframesFieldSpec,
  raw: unknown,
  limits: ImageInputLimits,
  context: ScalarContext,
): PendingKeyframe[] {
  const { errors } = context;
  if (!Array.isArray(raw)) {
    errors.add(key.sentAs, 'wrong_type', `${key.sentAs} must be a list of {frame_index, image, strength}`);
    return [];
  }
  if (raw.length < spec.min_items) {
    errors.add(key.sentAs, 'too_few_items', `${key.sentAs} needs at least ${spec.min_items} item(s)`);
  }
  if (raw.length > spec.max_items) {
    errors.add(key.sentAs, 'too_many_items', `${key.sentAs} takes at most ${spec.max_items} items (got ${raw.length})`);
    return [];
  }
  const pending: PendingKeyframe[] = [];
  const seen = new Map<number, string>();
  raw.forEach((item: unknown, i) => {
    const path = `${key.sentAs}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.add(path, 'wrong_type', `${path} must be an object {frame_index, image, strength}`);
      return;
    }
    const entry = item as Record<string, unknown>;
    for (const extra of Object.keys(entry).filter((name) => !ITEM_KEYS.includes(name))) {
      errors.add(`${path}.${extra}`, 'unknown_field', `${path}.${extra} is not a keyframe field`);
    }
    const frameIndex = checkScalar(at(path, 'frame_index'), spec.item.frame_index, entry['frame_index'] ?? undefined, context);
    const strength = checkScalar(at(path, 'strength'), spec.item.strength, entry['strength'] ?? undefined, context);
    if (typeof frameIndex === 'number') {
      const first = seen.get(frameIndex);
      if (first) errors.add(`${path}.frame_index`, 'duplicate_frame_index', `${path}.frame_index ${frameIndex} is also used by ${first}`);
      seen.set(frameIndex, path);
    }
    if (entry['image'] === undefined || entry['image'] === null) {
      errors.add(`${path}.image`, 'required', `${path}.image is required`);
      return;
    }
    const image = decodeImageInput(`${path}.image`, entry['image'], limits, errors).then((decoded) =>
      decoded && typeof frameIndex === 'number' && typeof strength === 'number'
        ? { role: 'keyframe' as const, frame_index: frameIndex, strength, ...decoded }
        : undefined,
    );
    // Always awaited by the caller, so errors found while decoding are collected before it throws.
    pending.push({ path, frameIndex: typeof frameIndex === 'number' ? frameIndex : undefined, image });
  });
  return pending;
}

function at(path: string, name: string): FieldKey {
  return { name, sentAs: `${path}.${name}` };
}
