import type {
  FieldCondition,
  FieldSpec,
  NumericFieldSpec,
  StringFieldSpec,
} from '../../../../contracts/settings/inference-settings.js';
import { isNumericField, isScalarField } from '../../../../contracts/settings/inference-settings.rules.js';

/** Maps an attribute of a field (`default`, `accepted.max`) to its key path in the file. */
export type AttributePath = (attribute: string) => string;

/** What a condition (`visible_if`, `required_if`) may refer to, for the model being checked. */
export interface ConditionScope {
  modes: ReadonlySet<string>;
  owner: string;
  fields: Readonly<Record<string, FieldSpec>>;
}

export function show(value: unknown): string {
  return JSON.stringify(value);
}

/** Semantic rules for one numeric field (the JSON Schema already checked its shape). */
export function checkNumericField(spec: NumericFieldSpec, at: AttributePath, issues: string[]): void {
  const { accepted } = spec;
  if (accepted.min > accepted.max) {
    issues.push(`${at('accepted.min')} (${accepted.min}) is above accepted.max ${accepted.max}`);
  }
  if (spec.min !== undefined && spec.max !== undefined && spec.min > spec.max) {
    issues.push(`${at('min')} (${spec.min}) is above max ${spec.max}`);
  }
  // Recommended ⊆ accepted: the form must never offer what the API refuses.
  if (spec.min !== undefined) insideAccepted(spec.min, spec, at('min'), issues);
  if (spec.max !== undefined) insideAccepted(spec.max, spec, at('max'), issues);
  spec.options?.forEach((option, i) => {
    const path = `${at('options')}[${i}]`;
    insideAccepted(option, spec, path, issues);
    insideRecommended(option, spec, path, issues);
  });
  insideAccepted(spec.default, spec, at('default'), issues);
  insideRecommended(spec.default, spec, at('default'), issues);
  if (spec.options && !spec.options.includes(spec.default)) {
    issues.push(`${at('default')} (${spec.default}) is not one of options ${show(spec.options)}`);
  }
  if (spec.type === 'integer') {
    const integers: [string, number | undefined][] = [
      ['default', spec.default],
      ['min', spec.min],
      ['max', spec.max],
      ['accepted.min', accepted.min],
      ['accepted.max', accepted.max],
    ];
    for (const [name, value] of integers) {
      if (value !== undefined && !Number.isInteger(value)) issues.push(`${at(name)} (${value}) is not an integer`);
    }
    spec.options?.forEach((option, i) => {
      if (!Number.isInteger(option)) issues.push(`${at('options')}[${i}] (${option}) is not an integer`);
    });
  }
  if (spec.rounding) {
    const { multiple, offset } = spec.rounding;
    const conforming: [string, number | undefined][] = [
      ['default', spec.default],
      ['accepted.min', accepted.min],
      ['accepted.max', accepted.max],
    ];
    for (const [name, value] of conforming) {
      if (value !== undefined && !conformsTo(value, multiple, offset)) {
        issues.push(`${at(name)} (${value}) is not of the form ${multiple}k+${offset} required by rounding`);
      }
    }
  }
}

function insideAccepted(value: number, spec: NumericFieldSpec, path: string, issues: string[]): void {
  if (value < spec.accepted.min) issues.push(`${path} (${value}) is below accepted.min ${spec.accepted.min}`);
  if (value > spec.accepted.max) issues.push(`${path} (${value}) is above accepted.max ${spec.accepted.max}`);
}

function insideRecommended(value: number, spec: NumericFieldSpec, path: string, issues: string[]): void {
  // A fixed value is not offered as a choice, so only the accepted range binds it.
  if (spec.fixed) return;
  if (spec.min !== undefined && value < spec.min) issues.push(`${path} (${value}) is below min ${spec.min}`);
  if (spec.max !== undefined && value > spec.max) issues.push(`${path} (${value}) is above max ${spec.max}`);
}

function conformsTo(value: number, multiple: number, offset: number): boolean {
  return Number.isInteger((value - offset) / multiple);
}

/** Semantic rules for one string field. */
export function checkStringField(spec: StringFieldSpec, at: AttributePath, issues: string[]): void {
  const options = spec.options;
  if (spec.min_length !== undefined && spec.max_length !== undefined && spec.min_length > spec.max_length) {
    issues.push(`${at('min_length')} (${spec.min_length}) is above max_length ${spec.max_length}`);
  }
  if (spec.fixed && spec.default === undefined) issues.push(`${at('default')} is required when fixed is true`);
  if (spec.default !== undefined) {
    if (options && !options.includes(spec.default)) {
      issues.push(`${at('default')} (${show(spec.default)}) is not one of options ${show(options)}`);
    }
    if (spec.max_length !== undefined && spec.default.length > spec.max_length) {
      issues.push(`${at('default')} is longer than max_length ${spec.max_length}`);
    }
  }
  const keyed: [string, Readonly<Record<string, string>> | undefined][] = [
    ['option_labels', spec.option_labels],
    ['prompt_suffix', spec.prompt_suffix],
  ];
  for (const [name, map] of keyed) {
    for (const key of Object.keys(map ?? {})) {
      if (!options?.includes(key)) issues.push(`${at(name)}.${key} is not one of options ${show(options ?? [])}`);
    }
  }
  for (const [legacy, replacement] of Object.entries(spec.legacy_values ?? {})) {
    if (options?.includes(legacy)) issues.push(`${at('legacy_values')}.${legacy} is a current option, not a legacy value`);
    if (!options?.includes(replacement)) {
      issues.push(`${at('legacy_values')}.${legacy} (${show(replacement)}) is not one of options ${show(options ?? [])}`);
    }
  }
}

/** Checks any field by type; image fields only carry conditions. */
export function checkFieldSpec(spec: FieldSpec, at: AttributePath, issues: string[]): void {
  if (isNumericField(spec)) checkNumericField(spec, at, issues);
  else if (spec.type === 'string') checkStringField(spec, at, issues);
  else if (spec.type === 'keyframes') {
    if (spec.min_items > spec.max_items) {
      issues.push(`${at('min_items')} (${spec.min_items}) is above max_items ${spec.max_items}`);
    }
    checkNumericField(spec.item.frame_index, (a) => at(`item.frame_index.${a}`), issues);
    checkNumericField(spec.item.strength, (a) => at(`item.strength.${a}`), issues);
  }
}

/** `visible_if` / `required_if` must name real modes, real fields and values those fields can take. */
export function checkConditions(name: string, spec: FieldSpec, at: AttributePath, scope: ConditionScope, issues: string[]): void {
  const conditions: [string, FieldCondition | undefined][] = [
    ['visible_if', spec.visible_if],
    ['required_if', spec.required_if],
  ];
  for (const [kind, condition] of conditions) {
    for (const [key, values] of Object.entries(condition ?? {})) {
      const path = `${at(kind)}.${key}`;
      if (key === 'mode') {
        values.forEach((value, i) => {
          if (!scope.modes.has(String(value))) issues.push(`${path}[${i}] (${show(value)}) is not a mode of ${scope.owner}`);
        });
        continue;
      }
      const target = scope.fields[key];
      if (!target || key === name) {
        issues.push(`${path} does not name another field of ${scope.owner}`);
        continue;
      }
      const options = isScalarField(target) ? target.options : undefined;
      values.forEach((value, i) => {
        if (options && !(options as readonly unknown[]).includes(value)) {
          issues.push(`${path}[${i}] (${show(value)}) is not one of ${key}'s options ${show(options)}`);
        }
      });
    }
  }
}
