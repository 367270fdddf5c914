import type { FieldValue, NumericFieldSpec, StringFieldSpec } from '@gg/contracts/settings';

import type { Draft, KeyframeRow } from './draft';
import type { FieldView, KeyframesFieldView, NumericFieldView, NumericLimits, StringFieldView } from './form-fields';

/** Problems by request key, in the server's naming (`width`, `keyframes[1].image`). */
export type FieldErrors = Readonly<Record<string, string>>;

/**
 * Client-side checks mirroring the server's (CAT-3) for the fields on screen, so most mistakes are shown
 * before a round trip. The range is the one on screen: recommended, or `accepted` with "Advanced".
 */
export function validateDraft(views: readonly FieldView[], draft: Draft, advanced: boolean): FieldErrors {
  const errors: Record<string, string> = {};
  for (const view of views) {
    switch (view.kind) {
      case 'numeric': {
        const message = numericProblem(view, draft.values[view.name], advanced);
        if (message) errors[view.name] = message;
        break;
      }
      case 'string': {
        const message = stringProblem(view, draft.values[view.name]);
        if (message) errors[view.name] = message;
        break;
      }
      case 'image':
        if (view.required && !draft.images[view.name]) errors[view.name] = `Add the ${view.label.toLowerCase()} image for this mode.`;
        break;
      case 'keyframes':
        Object.assign(errors, keyframeProblems(view, draft.keyframes[view.name] ?? [], advanced));
        break;
    }
  }
  return errors;
}

function numericProblem(view: NumericFieldView, value: FieldValue | undefined, advanced: boolean): string | null {
  const { spec } = view;
  if (spec.fixed) return value === spec.default ? null : `${view.label} is fixed at ${spec.default} for this model.`;
  return numberProblem(spec, view.label, value, view.limits, advanced);
}

export function numberProblem(
  spec: NumericFieldSpec,
  label: string,
  value: FieldValue | undefined,
  limits: NumericLimits,
  advanced: boolean,
): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `Enter a number for ${label.toLowerCase()}.`;
  if (spec.type === 'integer' && !Number.isInteger(value)) return `${label} must be a whole number.`;
  if (value < limits.min || value > limits.max) {
    const wider = !advanced && (spec.accepted.min < limits.min || spec.accepted.max > limits.max);
    const hint = wider && value >= spec.accepted.min && value <= spec.accepted.max ? ' (turn on Advanced for the full range)' : '';
    return `${label} must be between ${limits.min} and ${limits.max}${hint}.`;
  }
  if (!advanced && spec.options?.length && !spec.options.includes(value)) {
    return `Choose one of ${spec.options.join(', ')} (or turn on Advanced).`;
  }
  return null;
}

function stringProblem(view: StringFieldView, value: FieldValue | undefined): string | null {
  const spec: StringFieldSpec = view.spec;
  const text = typeof value === 'string' ? value : '';
  const used = spec.trim ? text.trim() : text;
  const length = [...used].length;
  if (used.trim() === '') {
    if (view.required) return `${view.label} is required.`;
    if (spec.not_blank && text !== '') return `${view.label} must not be blank.`;
  }
  if (spec.max_length !== undefined && length > spec.max_length) {
    return `${view.label} must be at most ${spec.max_length} characters (now ${length}).`;
  }
  if (spec.min_length !== undefined && length < spec.min_length && (view.required || length > 0)) {
    return `${view.label} must be at least ${spec.min_length} characters.`;
  }
  if (spec.fixed && used !== spec.default) return `${view.label} is fixed at ${spec.default} for this model.`;
  if (spec.options?.length && !spec.options.includes(used)) return `Choose one of the listed ${view.label.toLowerCase()} values.`;
  return null;
}

function keyframeProblems(view: KeyframesFieldView, rows: readonly KeyframeRow[], advanced: boolean): FieldErrors {
  const errors: Record<string, string> = {};
  const { spec } = view;
  if (view.required && rows.length < spec.min_items) {
    errors[view.name] = `Add at least ${spec.min_items} keyframe${spec.min_items === 1 ? '' : 's'}.`;
  }
  if (rows.length > spec.max_items) errors[view.name] = `Use at most ${spec.max_items} keyframes.`;
  const seen = new Map<number, number>();
  rows.forEach((row, i) => {
    const path = `${view.name}[${i}]`;
    const frameSpec = spec.item.frame_index;
    let frame = numberProblem(frameSpec, frameSpec.label, row.frame_index, view.frameLimits, advanced);
    if (!frame && view.frameBound !== undefined && row.frame_index >= view.frameBound) {
      frame = `${frameSpec.label} must be below the number of frames (${view.frameBound}).`;
    }
    if (!frame && seen.has(row.frame_index)) frame = `Frame ${row.frame_index} is also used by keyframe ${seen.get(row.frame_index)! + 1}.`;
    seen.set(row.frame_index, i);
    if (frame) errors[`${path}.frame_index`] = frame;
    const strengthSpec = spec.item.strength;
    const strength = numberProblem(strengthSpec, strengthSpec.label, row.strength, view.strengthLimits, advanced);
    if (strength) errors[`${path}.strength`] = strength;
    if (!row.image) errors[`${path}.image`] = 'Add an image for this keyframe.';
  });
  return errors;
}
