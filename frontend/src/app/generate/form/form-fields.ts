import type {
  FieldSpec,
  FieldValue,
  ImageFieldSpec,
  KeyframesFieldSpec,
  ModelSpec,
  NumericFieldSpec,
  StringFieldSpec,
} from '@gg/contracts/settings';
import { conditionHolds, isNumericField } from '@gg/contracts/settings';

import type { Draft } from './draft';

/** The size fields the catalog's aspect presets, `size` rules and recommended resolutions speak of. */
export const SIZE_FIELDS = ['width', 'height'] as const;

/** Where a field sits on the form; derived from the catalog's structure, never from a model id. */
export type FormSection = 'prompt' | 'images' | 'size' | 'parameters' | 'output';

export type NumericControl = 'slider' | 'number' | 'select' | 'seed' | 'fixed';
export type StringControl = 'textarea' | 'text' | 'select' | 'fixed';

export interface NumericLimits {
  readonly min: number;
  readonly max: number;
  /** `undefined` means any value (number fields without a step). */
  readonly step: number | undefined;
}

export interface OptionView {
  readonly value: FieldValue;
  readonly label: string;
}

interface FieldViewBase {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly required: boolean;
  readonly section: FormSection;
}

export interface NumericFieldView extends FieldViewBase {
  readonly kind: 'numeric';
  readonly spec: NumericFieldSpec;
  readonly control: NumericControl;
  readonly limits: NumericLimits;
  readonly options: readonly OptionView[];
}

export interface StringFieldView extends FieldViewBase {
  readonly kind: 'string';
  readonly spec: StringFieldSpec;
  readonly control: StringControl;
  readonly options: readonly OptionView[];
}

export interface ImageFieldView extends FieldViewBase {
  readonly kind: 'image';
  readonly spec: ImageFieldSpec;
}

export interface KeyframesFieldView extends FieldViewBase {
  readonly kind: 'keyframes';
  readonly spec: KeyframesFieldSpec;
  readonly frameLimits: NumericLimits;
  readonly strengthLimits: NumericLimits;
  readonly frameControl: NumericControl;
  readonly strengthControl: NumericControl;
  /** The exclusive upper bound the frame index must stay under (num_frames), when known. */
  readonly frameBound: number | undefined;
}

export type FieldView = NumericFieldView | StringFieldView | ImageFieldView | KeyframesFieldView;

/** What `visible_if` / `required_if` are evaluated against: the mode and every scalar value. */
export function conditionValues(draft: Draft): Record<string, unknown> {
  return { ...draft.values, mode: draft.mode };
}

/** Shown when the condition holds; a condition on an unknown value hides the field (the server skips it). */
export function isVisible(spec: FieldSpec, draft: Draft): boolean {
  return conditionHolds(spec.visible_if, conditionValues(draft)) === true;
}

export function isRequired(spec: FieldSpec, draft: Draft): boolean {
  if (spec.type === 'string' && spec.required) return true;
  return spec.required_if !== undefined && conditionHolds(spec.required_if, conditionValues(draft)) === true;
}

/** Recommended limits by default; the API's `accepted` range when the "Advanced" switch is on. */
export function numericLimits(spec: NumericFieldSpec, advanced: boolean): NumericLimits {
  const integerStep = spec.type === 'integer' ? 1 : undefined;
  if (advanced) {
    return { min: spec.accepted.min, max: spec.accepted.max, step: spec.rounding ? integerStep : (spec.step ?? integerStep) };
  }
  return { min: spec.min ?? spec.accepted.min, max: spec.max ?? spec.accepted.max, step: spec.step ?? integerStep };
}

export function numericControl(spec: NumericFieldSpec, advanced: boolean): NumericControl {
  if (spec.fixed) return 'fixed';
  if (spec.options?.length && !advanced) return 'select';
  if (spec.control === 'seed') return 'seed';
  if (spec.control === 'slider') return 'slider';
  return 'number';
}

export function stringControl(spec: StringFieldSpec): StringControl {
  if (spec.fixed) return 'fixed';
  if (spec.options?.length) return 'select';
  return spec.control === 'textarea' ? 'textarea' : 'text';
}

export function optionLabel(spec: NumericFieldSpec | StringFieldSpec, value: FieldValue): string {
  const label = spec.option_labels?.[String(value)];
  if (label) return label;
  return isNumericField(spec) && spec.unit ? `${value} ${spec.unit}` : String(value);
}

/** Every field the form shows for the draft's mode, in catalog order (common fields, then parameters). */
export function visibleFieldViews(
  fields: Readonly<Record<string, FieldSpec>>,
  model: ModelSpec,
  draft: Draft,
  advanced: boolean,
): FieldView[] {
  const views: FieldView[] = [];
  for (const [name, spec] of Object.entries(fields)) {
    if (!isVisible(spec, draft)) continue;
    const base = {
      name,
      label: spec.label,
      description: spec.description ?? '',
      required: isRequired(spec, draft),
      section: sectionOf(name, spec, model),
    };
    switch (spec.type) {
      case 'integer':
      case 'number':
        views.push({
          ...base,
          kind: 'numeric',
          spec,
          control: numericControl(spec, advanced),
          limits: numericLimits(spec, advanced),
          options: (spec.options ?? []).map((value) => ({ value, label: optionLabel(spec, value) })),
        });
        break;
      case 'string':
        views.push({
          ...base,
          kind: 'string',
          spec,
          control: stringControl(spec),
          options: (spec.options ?? []).map((value) => ({ value, label: optionLabel(spec, value) })),
        });
        break;
      case 'image':
        views.push({ ...base, kind: 'image', spec });
        break;
      case 'keyframes': {
        const below = spec.item.frame_index.below_field;
        const bound = below === undefined ? undefined : draft.values[below];
        views.push({
          ...base,
          kind: 'keyframes',
          spec,
          frameLimits: numericLimits(spec.item.frame_index, advanced),
          strengthLimits: numericLimits(spec.item.strength, advanced),
          frameControl: numericControl(spec.item.frame_index, advanced),
          strengthControl: numericControl(spec.item.strength, advanced),
          frameBound: typeof bound === 'number' && Number.isFinite(bound) ? bound : undefined,
        });
        break;
      }
      default:
        assertNever(spec);
    }
  }
  return views;
}

function sectionOf(name: string, spec: FieldSpec, model: ModelSpec): FormSection {
  if (spec.type === 'image' || spec.type === 'keyframes') return 'images';
  if (spec.type === 'string' && spec.control === 'textarea') return 'prompt';
  if ((SIZE_FIELDS as readonly string[]).includes(name)) return 'size';
  return Object.hasOwn(model.parameters, name) ? 'parameters' : 'output';
}

function assertNever(value: never): never {
  throw new Error(`Unhandled field type ${JSON.stringify(value)}`);
}

/** The frame index and strength of keyframe row `index`, as fields named like the server names them. */
export function keyframeItemViews(view: KeyframesFieldView, index: number): { frame: NumericFieldView; strength: NumericFieldView } {
  const item = (key: 'frame_index' | 'strength', control: NumericControl, limits: NumericLimits): NumericFieldView => {
    const spec = view.spec.item[key];
    return {
      kind: 'numeric',
      name: `${view.name}[${index}].${key}`,
      label: spec.label,
      description: spec.description ?? '',
      required: true,
      section: 'images',
      spec,
      control,
      limits,
      options: [],
    };
  };
  return {
    frame: item('frame_index', view.frameControl, view.frameLimits),
    strength: item('strength', view.strengthControl, view.strengthLimits),
  };
}
