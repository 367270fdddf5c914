import type {
  FieldSpec,
  FieldValue,
  InferenceSettings,
  MediaType,
  ModelSpec,
  Resolution,
} from '../../../../contracts/settings/inference-settings.js';
import { isNumericField, isScalarField } from '../../../../contracts/settings/inference-settings.rules.js';

/** One field as the predecessor's `parameters_schema` described it; min/max are the ACCEPTED range. */
export interface CompatParameter {
  type: FieldSpec['type'];
  label: string;
  default?: FieldValue;
  min?: number;
  max?: number;
  options?: FieldValue[];
  /** What the web form offers by default (CAT-3). */
  recommended?: { min?: number; max?: number; step?: number; options?: FieldValue[] };
  fixed?: boolean;
  required?: boolean;
  /** Modes in which the field applies; absent means every mode. */
  modes?: string[];
  /** Modes in which the field must be sent. */
  required_modes?: string[];
  aliases?: string[];
}

export interface CompatModel {
  id: string;
  name: string;
  type: MediaType;
  aliases: string[];
  modes: string[];
  default_mode: string;
  parameters_schema: Record<string, CompatParameter>;
  fixed_parameters: Record<string, FieldValue>;
  defaults: Record<string, FieldValue>;
  recommended_resolutions: Resolution[];
  output_formats: string[];
  timeout_seconds: number;
}

export interface CompatModelsResponse {
  models: CompatModel[];
}

/** Builds the predecessor-shaped `GET /models` body so existing scripts keep working (COMPAT). */
export function toCompatModels(
  settings: InferenceSettings,
  fieldsOf: (model: ModelSpec) => Readonly<Record<string, FieldSpec>>,
): CompatModelsResponse {
  return { models: settings.models.map((model) => toCompatModel(model, fieldsOf(model))) };
}

function toCompatModel(model: ModelSpec, fields: Readonly<Record<string, FieldSpec>>): CompatModel {
  const modeIds = model.modes.map((mode) => mode.id);
  const parameters: Record<string, CompatParameter> = {};
  const fixed: Record<string, FieldValue> = {};
  const defaults: Record<string, FieldValue> = {};
  for (const [name, spec] of Object.entries(fields)) {
    const modes = modesWhere(spec.visible_if?.mode, modeIds);
    if (modes.length === 0) continue;
    parameters[name] = describe(spec, modes, modeIds);
    if (isScalarField(spec) && spec.default !== undefined) {
      defaults[name] = spec.default;
      if (spec.fixed) fixed[name] = spec.default;
    }
  }
  const outputFormat = fields['output_format'];
  return {
    id: model.id,
    name: model.name,
    type: model.type,
    aliases: [...model.aliases],
    modes: modeIds,
    default_mode: modeIds[0]!,
    parameters_schema: parameters,
    fixed_parameters: fixed,
    defaults,
    recommended_resolutions: [...model.recommended_resolutions],
    output_formats: outputFormat?.type === 'string' ? [...(outputFormat.options ?? [])] : [],
    timeout_seconds: model.runtime.timeout_seconds,
  };
}

function describe(spec: FieldSpec, modes: string[], allModes: string[]): CompatParameter {
  const out: CompatParameter = { type: spec.type, label: spec.label };
  if (modes.length < allModes.length) out.modes = modes;
  if (spec.required_if?.mode) out.required_modes = modesWhere(spec.required_if.mode, modes);
  if (spec.aliases?.length) out.aliases = [...spec.aliases];
  if (isNumericField(spec)) {
    out.default = spec.default;
    out.min = spec.accepted.min;
    out.max = spec.accepted.max;
    out.recommended = { min: spec.min, max: spec.max, step: spec.step, options: spec.options && [...spec.options] };
    if (spec.fixed) out.fixed = true;
  } else if (spec.type === 'string') {
    if (spec.default !== undefined) out.default = spec.default;
    if (spec.options) out.options = [...spec.options];
    if (spec.required) out.required = true;
    if (spec.fixed) out.fixed = true;
  }
  return out;
}

function modesWhere(allowed: readonly FieldValue[] | undefined, modes: readonly string[]): string[] {
  return allowed ? modes.filter((mode) => allowed.includes(mode)) : [...modes];
}
