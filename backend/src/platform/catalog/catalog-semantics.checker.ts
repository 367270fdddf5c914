import type {
  FieldSpec,
  InferenceSettings,
  ModelSpec,
  NumericFieldSpec,
} from '../../../../contracts/settings/inference-settings.js';
import {
  conditionHolds,
  isNumericField as isNumeric,
  resolveModelFields,
} from '../../../../contracts/settings/inference-settings.rules.js';
import { REQUEST_SELECTOR_KEYS } from './catalog.js';
import { checkConditions, checkFieldSpec, show, type AttributePath } from './field-spec.checker.js';

const OVERRIDE_ONLY_NUMERIC = ['min', 'max', 'step', 'accepted'];
const OVERRIDE_ONLY_STRING = ['legacy_values'];

/**
 * Rules JSON Schema cannot express (CAT-1): defaults inside ranges, recommended ⊆ accepted, conditions
 * naming real modes and fields, unique ids and aliases, sizes and presets the models can render. Each
 * issue names the key path; an empty list means the catalog is sound.
 */
export function checkCatalogSemantics(settings: InferenceSettings): string[] {
  const issues: string[] = [];
  const allModes = new Set(settings.models.flatMap((model) => model.modes.map((mode) => mode.id)));
  const common = settings.common.fields;
  for (const [name, spec] of Object.entries(common)) {
    const at: AttributePath = (attribute) => `common.fields.${name}.${attribute}`;
    checkFieldSpec(spec, at, issues);
    checkConditions(name, spec, at, { modes: allModes, owner: 'any model', fields: common }, issues);
  }
  checkUniqueModelNames(settings, issues);
  settings.models.forEach((model, index) => checkModel(settings, model, `models[${index}]`, issues));
  checkPresets(settings, issues);
  return [...new Set(issues)];
}

function checkUniqueModelNames(settings: InferenceSettings, issues: string[]): void {
  const seen = new Map<string, string>();
  settings.models.forEach((model, i) => {
    const names: [string, string][] = [[`models[${i}].id`, model.id]];
    model.aliases.forEach((alias, j) => names.push([`models[${i}].aliases[${j}]`, alias]));
    for (const [path, name] of names) {
      const first = seen.get(name);
      if (first) issues.push(`${path} (${show(name)}) duplicates ${first}`);
      else seen.set(name, path);
    }
  });
}

function checkModel(settings: InferenceSettings, model: ModelSpec, base: string, issues: string[]): void {
  const common = settings.common.fields;
  const modes = new Set<string>();
  model.modes.forEach((mode, i) => {
    if (modes.has(mode.id)) issues.push(`${base}.modes[${i}].id (${show(mode.id)}) is listed twice`);
    modes.add(mode.id);
  });
  for (const name of Object.keys(model.parameters)) {
    if (name in common) issues.push(`${base}.parameters.${name} duplicates common.fields.${name}`);
    if (REQUEST_SELECTOR_KEYS.includes(name)) issues.push(`${base}.parameters.${name} is a reserved request key`);
  }
  const fields = resolveModelFields(settings, model);
  const scope = { modes, owner: model.id, fields };
  for (const [name, override] of Object.entries(model.field_overrides ?? {})) {
    const target = common[name];
    const overridePath = `${base}.field_overrides.${name}`;
    if (!target) {
      issues.push(`${overridePath} does not name a common field`);
      continue;
    }
    checkOverrideFits(target, override as Record<string, unknown>, overridePath, issues);
    const at: AttributePath = (attribute) =>
      attribute.split('.')[0]! in override ? `${overridePath}.${attribute}` : `common.fields.${name}.${attribute}`;
    checkFieldSpec(fields[name]!, at, issues);
  }
  for (const [name, spec] of Object.entries(model.parameters)) {
    const at: AttributePath = (attribute) => `${base}.parameters.${name}.${attribute}`;
    checkFieldSpec(spec, at, issues);
    checkConditions(name, spec, at, scope, issues);
  }
  checkFieldAliases(fields, model, base, issues);
  checkFieldReferences(settings, model, fields, base, issues);
  checkSizes(model, fields, base, issues);
}

function checkOverrideFits(target: FieldSpec, override: Record<string, unknown>, path: string, issues: string[]): void {
  const numeric = isNumeric(target);
  const valueType = numeric ? 'number' : target.type === 'string' ? 'string' : undefined;
  for (const key of Object.keys(override)) {
    const misplaced =
      (!numeric && OVERRIDE_ONLY_NUMERIC.includes(key)) ||
      (target.type !== 'string' && OVERRIDE_ONLY_STRING.includes(key)) ||
      (valueType === undefined && !['label', 'description'].includes(key));
    if (misplaced) issues.push(`${path}.${key} does not apply to a ${target.type} field`);
  }
  const values: [string, unknown][] = [['default', override['default']]];
  ((override['options'] as unknown[] | undefined) ?? []).forEach((option, i) => values.push([`options[${i}]`, option]));
  for (const [key, value] of values) {
    if (value !== undefined && valueType !== undefined && typeof value !== valueType) {
      issues.push(`${path}.${key} (${show(value)}) must be a ${valueType} like the common field`);
    }
  }
}

/** Every name and alias a model accepts must mean one field only. */
function checkFieldAliases(fields: Readonly<Record<string, FieldSpec>>, model: ModelSpec, base: string, issues: string[]): void {
  const owner = new Map<string, string>(Object.keys(fields).map((name) => [name, name]));
  for (const key of REQUEST_SELECTOR_KEYS) owner.set(key, key);
  for (const [name, spec] of Object.entries(fields)) {
    (spec.aliases ?? []).forEach((alias, i) => {
      const taken = owner.get(alias);
      const where = name in model.parameters ? `${base}.parameters.${name}` : `common.fields.${name}`;
      if (taken) issues.push(`${where}.aliases[${i}] (${show(alias)}) already names ${taken} for ${model.id}`);
      else owner.set(alias, name);
    });
  }
}

/** below_field and the time-estimate inputs must exist wherever they are used. */
function checkFieldReferences(
  settings: InferenceSettings,
  model: ModelSpec,
  fields: Readonly<Record<string, FieldSpec>>,
  base: string,
  issues: string[],
): void {
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.type !== 'keyframes') continue;
    const used = model.modes.some((mode) => conditionHolds(spec.visible_if, { mode: mode.id }) !== false);
    const below = spec.item.frame_index.below_field;
    if (used && below !== undefined && !isNumeric(fields[below])) {
      issues.push(`common.fields.${name}.item.frame_index.below_field (${show(below)}) is not a numeric field of ${model.id}`);
    }
  }
  const estimate = settings.common.time_estimate;
  const inputs: [string, string][] =
    model.type === 'video'
      ? [
          ['video.frames_field', estimate.video.frames_field],
          ['video.fps_field', estimate.video.fps_field],
        ]
      : [['image.steps_field', estimate.image.steps_field]];
  for (const [key, field] of inputs) {
    if (!isNumeric(fields[field])) {
      issues.push(`common.time_estimate.${key} (${show(field)}) is not a numeric parameter of ${base} (${model.id})`);
    }
  }
}

function checkSizes(model: ModelSpec, fields: Readonly<Record<string, FieldSpec>>, base: string, issues: string[]): void {
  const width = fields['width'];
  const height = fields['height'];
  if (!isNumeric(width) || !isNumeric(height)) return;
  const { size } = model;
  size.snap_squares?.forEach((side, i) => {
    const path = `${base}.size.snap_squares[${i}]`;
    if (side % size.multiple !== 0) issues.push(`${path} (${side}) is not a multiple of ${size.multiple}`);
    if (side < width.accepted.min || side > width.accepted.max) issues.push(`${path} (${side}) is outside the accepted width range`);
  });
  for (const mode of Object.keys(size.mode_max_side ?? {})) {
    if (!model.modes.some((m) => m.id === mode)) issues.push(`${base}.size.mode_max_side.${mode} is not a mode of ${model.id}`);
  }
  model.recommended_resolutions.forEach((resolution, i) => {
    const pairs: [string, number, NumericFieldSpec][] = [
      ['width', resolution.width, width],
      ['height', resolution.height, height],
    ];
    for (const [key, value, spec] of pairs) {
      const path = `${base}.recommended_resolutions[${i}].${key}`;
      if (value % size.multiple !== 0) issues.push(`${path} (${value}) is not a multiple of ${size.multiple}`);
      if (value < spec.accepted.min || value > spec.accepted.max) issues.push(`${path} (${value}) is outside the accepted range`);
    }
  });
}

function checkPresets(settings: InferenceSettings, issues: string[]): void {
  const { durations, aspects } = settings.common.presets;
  if (!durations.seconds.includes(durations.default_seconds)) {
    issues.push(`common.presets.durations.default_seconds (${durations.default_seconds}) is not one of seconds ${show(durations.seconds)}`);
  }
  const width = settings.common.fields['width'];
  const height = settings.common.fields['height'];
  const ids = new Set<string>();
  aspects.forEach((aspect, i) => {
    const path = `common.presets.aspects[${i}]`;
    if (ids.has(aspect.id)) issues.push(`${path}.id (${show(aspect.id)}) is listed twice`);
    ids.add(aspect.id);
    if (isNumeric(width) && (aspect.width < width.accepted.min || aspect.width > width.accepted.max)) {
      issues.push(`${path}.width (${aspect.width}) is outside the accepted width range`);
    }
    if (isNumeric(height) && (aspect.height < height.accepted.min || aspect.height > height.accepted.max)) {
      issues.push(`${path}.height (${aspect.height}) is outside the accepted height range`);
    }
  });
}
