import type {
  FieldValue,
  NumericFieldSpec,
  ScalarFieldSpec,
  StringFieldSpec,
} from '../../../../contracts/settings/inference-settings.js';
import { applyRounding } from '../../../../contracts/settings/inference-settings.rules.js';
import type { FieldErrorCollector } from './field-error.collector.js';
import type { Adjustment } from './generate-request.types.js';

/** Where a scalar is being checked: for messages, error collection and reported adjustments. */
export interface ScalarContext {
  /** The model id, or `every model` while the model is unknown. */
  owner: string;
  errors: FieldErrorCollector;
  adjustments: Adjustment[];
}

/** The field as named in the catalog and as the client sent it (an alias such as `cfg`). */
export interface FieldKey {
  name: string;
  sentAs: string;
}

/**
 * Checks one scalar value against its catalog spec (accepted range, type, options, fixed value) and
 * returns the value to use, the default when absent, or undefined when it was rejected.
 */
export function checkScalar(key: FieldKey, spec: ScalarFieldSpec, raw: unknown, context: ScalarContext): FieldValue | undefined {
  if (raw === undefined) {
    if (spec.type === 'string' && spec.required) {
      context.errors.add(key.sentAs, 'required', `${key.sentAs} is required`);
    }
    return spec.default;
  }
  return spec.type === 'string' ? checkString(key, spec, raw, context) : checkNumber(key, spec, raw, context);
}

function checkNumber(key: FieldKey, spec: NumericFieldSpec, raw: unknown, context: ScalarContext): number | undefined {
  const { errors } = context;
  const integer = spec.type === 'integer';
  if (typeof raw !== 'number' || !Number.isFinite(raw) || (integer && !Number.isInteger(raw))) {
    errors.add(key.sentAs, 'wrong_type', `${key.sentAs} must be ${integer ? 'an integer' : 'a number'}`);
    return undefined;
  }
  if (spec.fixed && raw !== spec.default) {
    errors.add(key.sentAs, 'fixed_parameter', `${key.sentAs} is fixed at ${spec.default} for ${context.owner} (got ${raw})`);
    return undefined;
  }
  const { min, max } = spec.accepted;
  if (raw < min || raw > max) {
    errors.add(key.sentAs, 'out_of_range', `${key.sentAs} must be between ${min} and ${max} (got ${raw})`);
    return undefined;
  }
  if (!spec.rounding) return raw;
  const used = applyRounding(raw, spec.rounding, min, max);
  if (used !== raw) {
    const { multiple, offset } = spec.rounding;
    context.adjustments.push({
      field: key.name,
      requested: raw,
      used,
      reason: `${context.owner} needs ${key.name} of the form ${multiple}k+${offset}`,
    });
  }
  return used;
}

function checkString(key: FieldKey, spec: StringFieldSpec, raw: unknown, context: ScalarContext): string | undefined {
  const { errors } = context;
  if (typeof raw !== 'string') {
    errors.add(key.sentAs, 'wrong_type', `${key.sentAs} must be a string`);
    return undefined;
  }
  const value = spec.trim ? raw.trim() : raw;
  // Length counts characters (code points), not UTF-16 units, so an emoji is one character.
  const length = [...value].length;
  if (spec.not_blank && value.trim() === '') {
    errors.add(key.sentAs, 'blank', `${key.sentAs} must not be blank`);
    return undefined;
  }
  if (spec.max_length !== undefined && length > spec.max_length) {
    errors.add(key.sentAs, 'too_long', `${key.sentAs} must be at most ${spec.max_length} characters (got ${length})`);
    return undefined;
  }
  if (spec.min_length !== undefined && length < spec.min_length) {
    errors.add(key.sentAs, 'too_short', `${key.sentAs} must be at least ${spec.min_length} characters`);
    return undefined;
  }
  if (spec.fixed && value !== spec.default) {
    errors.add(key.sentAs, 'fixed_parameter', `${key.sentAs} is fixed at ${JSON.stringify(spec.default)} for ${context.owner}`);
    return undefined;
  }
  if (!spec.options || spec.options.includes(value)) return value;
  // hasOwn: the key comes from the client, and `constructor` must not match Object.prototype.
  const legacy = spec.legacy_values;
  const replacement = legacy && Object.hasOwn(legacy, value) ? legacy[value] : undefined;
  if (replacement !== undefined) {
    context.adjustments.push({
      field: key.name,
      requested: value,
      used: replacement,
      reason: `${context.owner} cannot produce ${value}; ${replacement} is used`,
    });
    return replacement;
  }
  errors.add(key.sentAs, 'invalid_option', `${key.sentAs} must be one of ${spec.options.join(', ')} (got ${JSON.stringify(value)})`);
  return undefined;
}
