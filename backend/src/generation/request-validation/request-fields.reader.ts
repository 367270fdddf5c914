import type { MediaType, ModelSpec } from '../../../../contracts/settings/inference-settings.js';
import { REQUEST_SELECTOR_KEYS, type Catalog } from '../../platform/catalog/index.js';
import type { FieldErrorCollector } from './field-error.collector.js';

/** A field the client sent, under its catalog name, remembering the key it used (maybe an alias). */
export interface SentField {
  name: string;
  sentAs: string;
  value: unknown;
}

const MEDIA_TYPES: readonly MediaType[] = ['video', 'image'];

/** `model`: canonical id or alias (`wan-remix`); undefined when missing or unknown (error collected). */
export function readModel(catalog: Catalog, body: Record<string, unknown>, errors: FieldErrorCollector): ModelSpec | undefined {
  const raw = body['model'];
  if (raw === undefined || raw === null) {
    errors.add('model', 'required', 'model is required');
    return undefined;
  }
  if (typeof raw !== 'string') {
    errors.add('model', 'wrong_type', 'model must be a string');
    return undefined;
  }
  const model = catalog.find(raw);
  if (!model) {
    const known = catalog.list().map((m) => (m.aliases.length ? `${m.id} (${m.aliases.join(', ')})` : m.id));
    errors.add('model', 'unknown_model', `model ${JSON.stringify(raw)} is not one of ${known.join(', ')}`);
  }
  return model;
}

/** `type` is optional (the model implies it) but, when sent, must agree with the model. */
export function readType(model: ModelSpec | undefined, body: Record<string, unknown>, errors: FieldErrorCollector): void {
  const raw = body['type'];
  if (raw === undefined || raw === null) return;
  if (typeof raw !== 'string' || !MEDIA_TYPES.includes(raw as MediaType)) {
    errors.add('type', 'invalid_option', `type must be one of ${MEDIA_TYPES.join(', ')}`);
  } else if (model && raw !== model.type) {
    errors.add('type', 'type_mismatch', `${model.id} makes ${model.type}, not ${raw}`);
  }
}

/** `mode` must be one of the model's modes; undefined when it is not (error collected). */
export function readMode(model: ModelSpec | undefined, body: Record<string, unknown>, errors: FieldErrorCollector): string | undefined {
  const raw = body['mode'];
  if (raw === undefined || raw === null) {
    errors.add('mode', 'required', 'mode is required');
    return undefined;
  }
  if (typeof raw !== 'string') {
    errors.add('mode', 'wrong_type', 'mode must be a string');
    return undefined;
  }
  if (!model) return undefined;
  if (!model.modes.some((mode) => mode.id === raw)) {
    const modes = model.modes.map((mode) => mode.id).join(', ');
    errors.add('mode', 'unsupported_mode', `${model.id} does not support mode ${JSON.stringify(raw)}; its modes are ${modes}`);
    return undefined;
  }
  return raw;
}

/**
 * Maps every other body key to its catalog field: aliases resolve to their field, a field of another
 * model is `not_applicable`, anything else is `unknown_field`. `null` counts as not sent (older clients
 * send `"steps": null` to mean "the default").
 */
export function readRequestFields(
  catalog: Catalog,
  body: Record<string, unknown>,
  model: ModelSpec | undefined,
  errors: FieldErrorCollector,
): Map<string, SentField> {
  const names = catalog.fieldNames(model);
  const sent = new Map<string, SentField>();
  for (const [key, value] of Object.entries(body)) {
    if (REQUEST_SELECTOR_KEYS.includes(key) || value === null) continue;
    const name = names.get(key);
    if (name === undefined) {
      if (!catalog.isKnownField(key)) errors.add(key, 'unknown_field', `${key} is not a request field`);
      // A field some other model takes can only be judged once the model is known.
      else if (model) errors.add(key, 'not_applicable', `${key} is not a parameter of ${model.id}`);
      continue;
    }
    const earlier = sent.get(name);
    if (!earlier) sent.set(name, { name, sentAs: key, value });
    else if (JSON.stringify(earlier.value) !== JSON.stringify(value)) {
      errors.add(key, 'alias_conflict', `${key} and ${earlier.sentAs} both set ${name} to different values`);
    }
  }
  return sent;
}
