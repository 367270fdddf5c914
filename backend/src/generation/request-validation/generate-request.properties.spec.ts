import fc from 'fast-check';
import type { ModelSpec, NumericFieldSpec, ScalarFieldSpec } from '../../../../contracts/settings/inference-settings.js';
import { conditionHolds, isNumericField as isNumeric } from '../../../../contracts/settings/inference-settings.rules.js';
import { DomainError } from '../../platform/errors/domain-error.js';
import { dataUri, imageBytes, imagesFor, realCatalog } from './testing/generate-request.fixtures.js';
import type { ValidatedRequest } from './generate-request.types.js';
import { validateGenerateRequest } from './generate-request.validator.js';

const catalog = realCatalog();
let png: string;
beforeAll(async () => {
  png = dataUri(await imageBytes('png'));
});


/** Mostly values the API accepts (so the property has accepted bodies to judge), sometimes edges or worse. */
function numberNear(spec: NumericFieldSpec): fc.Arbitrary<number> {
  const { min, max } = spec.accepted;
  const inside = spec.fixed
    ? fc.constant(spec.default)
    : spec.type === 'integer'
      ? fc.integer({ min, max })
      : fc.double({ min, max, noNaN: true });
  return fc.oneof(
    { arbitrary: inside, weight: 12 },
    { arbitrary: fc.constantFrom(min, max, spec.default), weight: 3 },
    { arbitrary: fc.oneof(fc.constantFrom(min - 1, max + 1), fc.double({ min: min - 10, max: max + 10, noNaN: true })), weight: 1 },
  );
}

function fieldValue(spec: ScalarFieldSpec): fc.Arbitrary<unknown> {
  if (spec.type !== 'string') return numberNear(spec);
  const valid = fc.constantFrom(...(spec.options ?? ['some text']));
  return fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: fc.string({ maxLength: 5 }), weight: 1 });
}

/** A body for some model and mode, sending any subset of the scalar fields that apply to that mode. */
const bodies = fc
  .constantFrom(...catalog.list())
  .chain((model: ModelSpec) => fc.record({ model: fc.constant(model), mode: fc.constantFrom(...model.modes.map((m) => m.id)) }))
  .chain(({ model, mode }) => {
    const scalars = Object.entries(catalog.fields(model)).filter(
      (entry): entry is [string, ScalarFieldSpec] =>
        entry[1].type !== 'image' && entry[1].type !== 'keyframes' && entry[0] !== 'prompt' && conditionHolds(entry[1].visible_if, { mode }) !== false,
    );
    return fc.record({
      model: fc.constantFrom(model.id, ...model.aliases),
      mode: fc.constant(mode),
      prompt: fc.constantFrom('a fox', '  a fox  '),
      sent: fc.record(Object.fromEntries(scalars.map(([name, spec]) => [name, fieldValue(spec)])), { requiredKeys: [] }),
    });
  });

function expectInsideAcceptedRanges(result: ValidatedRequest): void {
  const model = catalog.find(result.model)!;
  const fields = catalog.fields(model);
  const numbers: [string, unknown][] = [
    ...Object.entries(result.parameters),
    ['width', result.width],
    ['height', result.height],
    ['seed', result.seed],
  ];
  for (const [name, value] of numbers) {
    const spec = fields[name];
    if (!isNumeric(spec)) continue;
    expect(typeof value).toBe('number');
    const n = value as number;
    expect(n).toBeGreaterThanOrEqual(spec.accepted.min);
    expect(n).toBeLessThanOrEqual(spec.accepted.max);
    if (spec.type === 'integer') expect(Number.isInteger(n)).toBe(true);
    if (spec.fixed) expect(n).toBe(spec.default);
    if (spec.rounding) expect((n - spec.rounding.offset) % spec.rounding.multiple).toBe(0);
  }
  expect(result.width % model.size.multiple).toBe(0);
  expect(result.height % model.size.multiple).toBe(0);
}

describe('validateGenerateRequest properties', () => {
  it('CAT-3: any body the validator accepts has every numeric parameter within its accepted range', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async ({ model, mode, prompt, sent }) => {
        const body = { model, mode, prompt, ...sent, ...imagesFor(mode, png) };
        let result: ValidatedRequest;
        try {
          result = await validateGenerateRequest(catalog, body);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('validation_error');
          return;
        }
        expectInsideAcceptedRanges(result);
      }),
      { numRuns: 400 },
    );
  });

  it('CAT-3: arbitrary JSON never crashes the validator; it is accepted or a validation_error', async () => {
    const keys = ['model', 'mode', 'type', 'prompt', 'steps', 'width', 'seed', 'keyframes', 'reference_image', 'cfg', 'x'];
    const anyBody = fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...keys), fc.jsonValue()));
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        await validateGenerateRequest(catalog, body).catch((error: unknown) => {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('validation_error');
        });
      }),
      { numRuns: 300 },
    );
  });
});
