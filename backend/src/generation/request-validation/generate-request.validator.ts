import type { FieldSpec, FieldValue, ModelSpec } from '../../../../contracts/settings/inference-settings.js';
import { conditionHolds, isScalarField, normalizeSize } from '../../../../contracts/settings/inference-settings.rules.js';
import type { Catalog } from '../../platform/catalog/index.js';
import { FieldErrorCollector } from './field-error.collector.js';
import type { Adjustment, ImageRole, ValidatedImage, ValidatedRequest } from './generate-request.types.js';
import { decodeImageInput } from './image-input.decoder.js';
import { checkKeyframes, type PendingKeyframe } from './keyframes.validator.js';
import { readMode, readModel, readRequestFields, readType, type SentField } from './request-fields.reader.js';
import { checkScalar, type ScalarContext } from './scalar-field.validator.js';

/** Request-envelope fields returned at the top level; every other scalar field is a model parameter. */
const ENVELOPE_FIELDS = ['prompt', 'negative_prompt', 'width', 'height', 'seed', 'output_format'] as const;

/**
 * Validates a `POST /generate` body against the catalog (CAT-3): model and alias, type, mode, every
 * field's accepted range/type/options, fixed parameters, mode-dependent visibility and required images,
 * and the images themselves. All problems are collected and thrown together as one DomainError
 * `validation_error` with `metadata.fields`; on success the request comes back normalized, with defaults
 * filled in and every change the model forces listed in `adjustments`.
 */
export async function validateGenerateRequest(catalog: Catalog, body: unknown): Promise<ValidatedRequest> {
  const errors = new FieldErrorCollector();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    errors.add('(body)', 'wrong_type', 'The request body must be a JSON object');
    errors.throwIfAny();
  }
  const input = body as Record<string, unknown>;
  const model = readModel(catalog, input, errors);
  readType(model, input, errors);
  const mode = readMode(model, input, errors);
  const fields = model ? catalog.fields(model) : catalog.commonFields();
  const sent = readRequestFields(catalog, input, model, errors);
  const context: ScalarContext = { owner: model?.id ?? 'every model', errors, adjustments: [] };
  const conditionValues = valuesForConditions(fields, sent, mode);

  const values: Record<string, FieldValue> = {};
  const images: Promise<ValidatedImage | undefined>[] = [];
  const keyframes: { spec: Extract<FieldSpec, { type: 'keyframes' }>; items: PendingKeyframe[] }[] = [];
  for (const [name, spec] of Object.entries(fields)) {
    const field = sent.get(name);
    const applies = conditionHolds(spec.visible_if, conditionValues);
    // Unknown mode: mode-dependent fields cannot be judged; the mode error already explains why.
    if (applies === undefined) continue;
    if (!applies) {
      if (field) errors.add(field.sentAs, 'not_applicable', `${field.sentAs} is not used by ${context.owner} in mode ${mode}`);
      continue;
    }
    if (spec.type === 'image' || spec.type === 'keyframes') {
      if (!field) {
        if (conditionHolds(spec.required_if, conditionValues) === true) {
          errors.add(name, 'required', `${name} is required by ${context.owner} in mode ${mode}`);
        }
      } else if (spec.type === 'image') {
        images.push(decodeAs(name as ImageRole, field, catalog, errors));
      } else {
        keyframes.push({ spec, items: checkKeyframes(field, spec, field.value, catalog.imageInput, context) });
      }
      continue;
    }
    const value = checkScalar(field ?? { name, sentAs: name }, spec, field?.value, context);
    if (value !== undefined) values[name] = value;
  }

  if (model && mode) applySize(model, mode, values, context);
  for (const { spec, items } of keyframes) checkFrameBounds(spec.item.frame_index.below_field, items, values, errors);
  const decoded = await Promise.all([...images, ...keyframes.flatMap(({ items }) => items.map((item) => item.image))]);
  errors.throwIfAny();
  return assemble(model!, mode!, values, context.adjustments, decoded);
}

/** What `visible_if` / `required_if` see: the mode, then every scalar as sent or by default. */
function valuesForConditions(
  fields: Readonly<Record<string, FieldSpec>>,
  sent: ReadonlyMap<string, SentField>,
  mode: string | undefined,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(fields)) {
    if (isScalarField(spec) && spec.default !== undefined) values[name] = spec.default;
  }
  for (const [name, field] of sent) values[name] = field.value;
  values['mode'] = mode;
  return values;
}

async function decodeAs(
  role: ImageRole,
  field: SentField,
  catalog: Catalog,
  errors: FieldErrorCollector,
): Promise<ValidatedImage | undefined> {
  const image = await decodeImageInput(field.sentAs, field.value, catalog.imageInput, errors);
  return image && { role, ...image };
}

/** Reports the size the model will really render (pony squares, multiples of 16) as adjustments. */
function applySize(model: ModelSpec, mode: string, values: Record<string, FieldValue>, context: ScalarContext): void {
  const { width, height } = values;
  if (typeof width !== 'number' || typeof height !== 'number') return;
  const outcome = normalizeSize(model.size, mode, width, height);
  const reason = `${model.id}: ${outcome.reasons.join('; ')}`;
  const pairs: [string, number, number][] = [
    ['width', width, outcome.width],
    ['height', height, outcome.height],
  ];
  for (const [field, requested, used] of pairs) {
    if (requested === used) continue;
    context.adjustments.push({ field, requested, used, reason } satisfies Adjustment);
    values[field] = used;
  }
}

function checkFrameBounds(
  belowField: string | undefined,
  items: readonly PendingKeyframe[],
  values: Readonly<Record<string, FieldValue>>,
  errors: FieldErrorCollector,
): void {
  const bound = belowField === undefined ? undefined : values[belowField];
  if (typeof bound !== 'number') return;
  for (const item of items) {
    if (item.frameIndex !== undefined && item.frameIndex >= bound) {
      errors.add(`${item.path}.frame_index`, 'out_of_range', `${item.path}.frame_index must be below ${belowField} (${bound})`);
    }
  }
}

function assemble(
  model: ModelSpec,
  mode: string,
  values: Record<string, FieldValue>,
  adjustments: Adjustment[],
  decoded: readonly (ValidatedImage | undefined)[],
): ValidatedRequest {
  const parameters: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if (!(ENVELOPE_FIELDS as readonly string[]).includes(name)) parameters[name] = value;
  }
  const images = decoded.filter((image): image is ValidatedImage => image !== undefined);
  const keyframes = images.filter((image) => image.role === 'keyframe').sort((a, b) => a.frame_index! - b.frame_index!);
  return {
    model: model.id,
    type: model.type,
    mode,
    prompt: values['prompt'] as string,
    negative_prompt: (values['negative_prompt'] as string | undefined) ?? '',
    width: values['width'] as number,
    height: values['height'] as number,
    seed: values['seed'] as number,
    output_format: values['output_format'] as string,
    parameters,
    adjustments,
    images: [...images.filter((image) => image.role !== 'keyframe'), ...keyframes],
  };
}
