import type { FieldValue } from '../../../../contracts/settings/inference-settings.js';
import { DomainError } from '../../platform/errors/domain-error.js';
import { dataUri, fieldErrorsOf, imageBytes, imagesFor, realCatalog, rejectionOf } from './testing/generate-request.fixtures.js';
import { validateGenerateRequest } from './generate-request.validator.js';

const catalog = realCatalog();
let png: string;
beforeAll(async () => {
  png = dataUri(await imageBytes('png'));
});

const base = (model: string, mode: string, extra: Record<string, unknown> = {}) => ({ model, mode, prompt: 'a fox in snow', ...extra });
const validate = (body: unknown) => validateGenerateRequest(catalog, body);

describe('validateGenerateRequest: every valid model × mode', () => {
  const anisoraBase = { num_frames: 81, fps: 16, motion_score: 3, steps: 8, guidance_scale: 1 };
  const phr00tBase = { num_frames: 81, fps: 16, lighting_variant: 'low_noise', steps: 4, cfg_scale: 1 };
  const ponyBase = { steps: 30, cfg_scale: 6, clip_skip: 2, sampler: 'DPM++ 2M Karras' };
  const fluxBase = { steps: 25, guidance_scale: 3.5, sampler: 'Euler' };
  const table: [string, string, Record<string, FieldValue>, [number, number], string][] = [
    ['anisora', 't2v', anisoraBase, [720, 1280], 'mp4'],
    ['anisora', 'i2v', { ...anisoraBase, reference_strength: 0.85, denoising_strength: 0.7 }, [720, 1280], 'mp4'],
    ['anisora', 'first_last_frame', { ...anisoraBase, first_strength: 1, last_strength: 1 }, [720, 1280], 'mp4'],
    ['anisora', 'arbitrary_frame', { ...anisoraBase, reference_strength: 0.85, denoising_strength: 0.7 }, [720, 1280], 'mp4'],
    ['phr00t', 't2v', phr00tBase, [720, 1280], 'mp4'],
    ['phr00t', 'i2v', { ...phr00tBase, reference_strength: 1, denoising_strength: 0.7 }, [720, 1280], 'mp4'],
    ['phr00t', 'first_last_frame', { ...phr00tBase, first_strength: 1, last_strength: 1 }, [720, 1280], 'mp4'],
    ['pony', 'txt2img', ponyBase, [1024, 1024], 'png'],
    ['pony', 'img2img', { ...ponyBase, denoising_strength: 0.7 }, [768, 768], 'png'],
    ['flux', 'txt2img', fluxBase, [1024, 1024], 'png'],
    ['flux', 'img2img', { ...fluxBase, denoising_strength: 0.7 }, [1024, 1024], 'png'],
  ];

  it('CAT-2: the table covers every mode of every model in the catalog', () => {
    const combos = catalog.list().flatMap((m) => m.modes.map((mode) => `${m.id}/${mode.id}`));
    expect(table.map(([model, mode]) => `${model}/${mode}`).sort()).toEqual(combos.sort());
  });

  it.each(table)('CAT-3: given %s/%s with only a prompt and its images, defaults are filled', async (model, mode, parameters, [width, height], format) => {
    const result = await validate(base(model, mode, imagesFor(mode, png)));
    expect(result).toMatchObject({
      model, type: catalog.find(model)!.type, mode, prompt: 'a fox in snow', negative_prompt: '', width, height, seed: -1, output_format: format,
    });
    expect(result.parameters).toEqual(parameters);
  });

  it('CAT-3: the images of each mode come back decoded, keyframes sorted by frame', async () => {
    const arbitrary = await validate(base('anisora', 'arbitrary_frame', imagesFor('arbitrary_frame', png)));
    expect(arbitrary.images.map((i) => [i.role, i.frame_index, i.strength])).toEqual([['keyframe', 0, 0.5], ['keyframe', 40, 0.85]]);
    const firstLast = await validate(base('phr00t', 'first_last_frame', imagesFor('first_last_frame', png)));
    expect(firstLast.images.map((i) => i.role)).toEqual(['first_frame_image', 'last_frame_image']);
  });

  it('CAT-2: pony img2img at the default size is capped at 768 and says so', async () => {
    const result = await validate(base('pony', 'img2img', imagesFor('img2img', png)));
    expect(result.adjustments).toEqual([
      expect.objectContaining({ field: 'width', requested: 1024, used: 768 }),
      expect.objectContaining({ field: 'height', requested: 1024, used: 768 }),
    ]);
  });
});

describe('validateGenerateRequest: rejections name the field and a stable code', () => {
  const kf = (frame_index: number) => ({ frame_index, image: 'IMAGE' });
  const table: [string, Record<string, unknown>, string, string][] = [
    ['phr00t arbitrary_frame', base('phr00t', 'arbitrary_frame'), 'mode', 'unsupported_mode'],
    ['pony t2v', base('pony', 't2v'), 'mode', 'unsupported_mode'],
    ['anisora txt2img', base('anisora', 'txt2img'), 'mode', 'unsupported_mode'],
    ['an unknown model', base('sdxl', 'txt2img'), 'model', 'unknown_model'],
    ['a missing model', { mode: 't2v', prompt: 'x' }, 'model', 'required'],
    ['a missing mode', { model: 'flux', prompt: 'x' }, 'mode', 'required'],
    ['type not matching the model', base('pony', 'txt2img', { type: 'video' }), 'type', 'type_mismatch'],
    ['an unknown type', base('pony', 'txt2img', { type: 'audio' }), 'type', 'invalid_option'],
    ['anisora steps=20', base('anisora', 't2v', { steps: 20 }), 'steps', 'fixed_parameter'],
    ['anisora guidance_scale=4', base('anisora', 't2v', { guidance_scale: 4 }), 'guidance_scale', 'fixed_parameter'],
    ['phr00t cfg=7 (alias)', base('phr00t', 't2v', { cfg: 7 }), 'cfg', 'fixed_parameter'],
    ['phr00t steps=40', base('phr00t', 't2v', { steps: 40 }), 'steps', 'fixed_parameter'],
    ['seed -2', base('flux', 'txt2img', { seed: -2 }), 'seed', 'out_of_range'],
    ['seed 2147483648', base('flux', 'txt2img', { seed: 2147483648 }), 'seed', 'out_of_range'],
    ['seed 1.5', base('flux', 'txt2img', { seed: 1.5 }), 'seed', 'wrong_type'],
    ['a blank prompt', base('flux', 'txt2img', { prompt: '  \n\t ' }), 'prompt', 'blank'],
    ['an empty prompt', base('flux', 'txt2img', { prompt: '' }), 'prompt', 'blank'],
    ['a missing prompt', { model: 'flux', mode: 'txt2img' }, 'prompt', 'required'],
    ['a 2001-character prompt', base('flux', 'txt2img', { prompt: 'a'.repeat(2001) }), 'prompt', 'too_long'],
    ['a 1001-character negative prompt', base('flux', 'txt2img', { negative_prompt: 'n'.repeat(1001) }), 'negative_prompt', 'too_long'],
    ['a numeric prompt', base('flux', 'txt2img', { prompt: 42 }), 'prompt', 'wrong_type'],
    ['width 255', base('anisora', 't2v', { width: 255 }), 'width', 'out_of_range'],
    ['width 2049', base('anisora', 't2v', { width: 2049 }), 'width', 'out_of_range'],
    ['height "720"', base('anisora', 't2v', { height: '720' }), 'height', 'wrong_type'],
    ['num_frames 242', base('anisora', 't2v', { num_frames: 242 }), 'num_frames', 'out_of_range'],
    ['num_frames 0', base('phr00t', 't2v', { num_frames: 0 }), 'num_frames', 'out_of_range'],
    ['fps 61', base('anisora', 't2v', { fps: 61 }), 'fps', 'out_of_range'],
    ['pony steps 151', base('pony', 'txt2img', { steps: 151 }), 'steps', 'out_of_range'],
    ['pony steps 30.5', base('pony', 'txt2img', { steps: 30.5 }), 'steps', 'wrong_type'],
    ['pony cfg_scale 21', base('pony', 'txt2img', { cfg_scale: 21 }), 'cfg_scale', 'out_of_range'],
    ['pony clip_skip 5', base('pony', 'txt2img', { clip_skip: 5 }), 'clip_skip', 'out_of_range'],
    ['flux denoising_strength 1.5', base('flux', 'img2img', { denoising_strength: 1.5 }), 'denoising_strength', 'out_of_range'],
    ['a pony sampler that does not exist', base('pony', 'txt2img', { sampler: 'Heun' }), 'sampler', 'invalid_option'],
    ['phr00t lighting_variant "dark"', base('phr00t', 't2v', { lighting_variant: 'dark' }), 'lighting_variant', 'invalid_option'],
    ['output_format gif', base('anisora', 't2v', { output_format: 'gif' }), 'output_format', 'invalid_option'],
    ['an unknown field', base('flux', 'txt2img', { colour: 'red' }), 'colour', 'unknown_field'],
    ['another model\'s parameter', base('pony', 'txt2img', { motion_score: 2 }), 'motion_score', 'not_applicable'],
    ['a parameter of another mode', base('anisora', 't2v', { reference_strength: 0.5 }), 'reference_strength', 'not_applicable'],
    ['an image of another mode', base('flux', 'txt2img', { reference_image: 'IMAGE' }), 'reference_image', 'not_applicable'],
    ['cfg and cfg_scale disagreeing', base('pony', 'txt2img', { cfg: 5, cfg_scale: 6 }), 'cfg_scale', 'alias_conflict'],
    ['i2v without a reference image', base('anisora', 'i2v'), 'reference_image', 'required'],
    ['img2img without a reference image', base('flux', 'img2img'), 'reference_image', 'required'],
    ['first_last_frame without the last frame', base('phr00t', 'first_last_frame', { first_frame_image: 'IMAGE' }), 'last_frame_image', 'required'],
    ['arbitrary_frame without keyframes', base('anisora', 'arbitrary_frame'), 'keyframes', 'required'],
    ['arbitrary_frame with no keyframe', base('anisora', 'arbitrary_frame', { keyframes: [] }), 'keyframes', 'too_few_items'],
    ['keyframes that are not a list', base('anisora', 'arbitrary_frame', { keyframes: 'x' }), 'keyframes', 'wrong_type'],
    ['a keyframe past the last frame', base('anisora', 'arbitrary_frame', { keyframes: [kf(81)] }), 'keyframes[0].frame_index', 'out_of_range'],
    ['two keyframes on one frame', base('anisora', 'arbitrary_frame', { keyframes: [kf(3), kf(3)] }), 'keyframes[1].frame_index', 'duplicate_frame_index'],
    ['a keyframe strength above 1', base('anisora', 'arbitrary_frame', { keyframes: [{ ...kf(0), strength: 1.2 }] }), 'keyframes[0].strength', 'out_of_range'],
    ['a keyframe without image', base('anisora', 'arbitrary_frame', { keyframes: [{ frame_index: 0 }] }), 'keyframes[0].image', 'required'],
    ['a keyframe with an extra key', base('anisora', 'arbitrary_frame', { keyframes: [{ ...kf(0), weight: 1 }] }), 'keyframes[0].weight', 'unknown_field'],
  ];

  it.each(table)('CAT-3: given %s, then it is rejected', async (_name, body, field, code) => {
    const withImages = JSON.parse(JSON.stringify(body).replaceAll('"IMAGE"', JSON.stringify(png))) as unknown;
    const errors = await fieldErrorsOf(catalog, withImages);
    expect(errors).toContainEqual(expect.objectContaining({ field, code }));
  });

  it.each([null, [], 'text', 42])('CAT-3: a body that is not an object (%j) is rejected', async (body) => {
    expect(await fieldErrorsOf(catalog, body)).toEqual([expect.objectContaining({ field: '(body)', code: 'wrong_type' })]);
  });

  it('CAT-3, SEC-4: all field errors are collected into one validation_error', async () => {
    const error = await rejectionOf(catalog, {
      model: 'anisora', mode: 't2v', prompt: ' ', seed: -2, width: 255, steps: 20, colour: 'red', fps: 'fast',
    });
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('validation_error');
    expect(error.userAction).toMatch(/GET \/models/);
    const fields = (error.metadata!['fields'] as { field: string; code: string }[]).map((f) => `${f.field}:${f.code}`);
    expect(fields.sort()).toEqual(
      ['colour:unknown_field', 'fps:wrong_type', 'prompt:blank', 'seed:out_of_range', 'steps:fixed_parameter', 'width:out_of_range'].sort(),
    );
    expect(error.message).toMatch(/^Request validation failed: 6 problems in /);
  });

  it('CAT-3: an unknown model still reports the other field errors', async () => {
    const errors = await fieldErrorsOf(catalog, { model: 'sdxl', mode: 'txt2img', prompt: '', colour: 1 });
    expect(errors.map((e) => e.code).sort()).toEqual(['blank', 'unknown_field', 'unknown_model']);
  });

  it('CAT-3: an unsupported mode does not add noise about mode-dependent fields', async () => {
    const errors = await fieldErrorsOf(catalog, base('phr00t', 'arbitrary_frame', { keyframes: [kf(0)] }));
    expect(errors).toEqual([expect.objectContaining({ field: 'mode', code: 'unsupported_mode' })]);
  });
});

describe('validateGenerateRequest: accepted edge values and normalisation', () => {
  it('CAT-3: seed 2147483647 and -1 are accepted; -1 stays -1 for submission to resolve', async () => {
    expect((await validate(base('flux', 'txt2img', { seed: 2147483647 }))).seed).toBe(2147483647);
    expect((await validate(base('flux', 'txt2img', { seed: -1 }))).seed).toBe(-1);
    expect((await validate(base('flux', 'txt2img', { seed: 0 }))).seed).toBe(0);
  });

  it('CAT-3: the accepted range is wider than the recommended one (low-step smoke runs keep working)', async () => {
    const result = await validate(base('pony', 'txt2img', { steps: 1, cfg_scale: 0, width: 2048, height: 256 }));
    expect(result.parameters).toMatchObject({ steps: 1, cfg_scale: 0 });
    const short = await validate(base('anisora', 't2v', { num_frames: 1, fps: 60 }));
    expect(short.parameters).toMatchObject({ num_frames: 1, fps: 60 });
  });

  it('CAT-2: num_frames 50 on anisora becomes 49 and the adjustment is reported', async () => {
    const result = await validate(base('anisora', 't2v', { num_frames: 50 }));
    expect(result.parameters['num_frames']).toBe(49);
    expect(result.adjustments).toEqual([{ field: 'num_frames', requested: 50, used: 49, reason: expect.stringContaining('4k+1') }]);
  });

  it('CAT-2: width 1000 on anisora is rounded down to a multiple of 16', async () => {
    const result = await validate(base('anisora', 't2v', { width: 1000, height: 720 }));
    expect([result.width, result.height]).toEqual([992, 720]);
    expect(result.adjustments).toEqual([expect.objectContaining({ field: 'width', requested: 1000, used: 992 })]);
  });

  it('CAT-2: pony 720×1280 snaps to the 1024 square', async () => {
    const result = await validate(base('pony', 'txt2img', { width: 720, height: 1280 }));
    expect([result.width, result.height]).toEqual([1024, 1024]);
    expect(result.adjustments.map((a) => a.field)).toEqual(['width', 'height']);
  });

  it('CAT-2: the alias wan-remix resolves to phr00t and guidance_scale reaches its cfg_scale', async () => {
    const result = await validate({ ...base('wan-remix', 't2v'), guidance_scale: 1.0, type: 'video' });
    expect(result.model).toBe('phr00t');
    expect(result.parameters['cfg_scale']).toBe(1);
  });

  it('CAT-3: cfg is accepted as cfg_scale; sending both with one value is fine', async () => {
    expect((await validate(base('pony', 'txt2img', { cfg: 7.5 }))).parameters['cfg_scale']).toBe(7.5);
    expect((await validate(base('pony', 'txt2img', { cfg: 7, cfg_scale: 7 }))).parameters['cfg_scale']).toBe(7);
  });

  it('CAT-3: fixed parameters sent with their fixed value are accepted', async () => {
    const result = await validate(base('anisora', 't2v', { steps: 8, guidance_scale: 1.0 }));
    expect(result.parameters).toMatchObject({ steps: 8, guidance_scale: 1 });
  });

  it('COMPAT: null means "use the default", as older clients send it', async () => {
    const result = await validate(base('pony', 'txt2img', { steps: null, sampler: null, negative_prompt: null }));
    expect(result.parameters).toMatchObject({ steps: 30, sampler: 'DPM++ 2M Karras' });
  });

  it('COMPAT: the predecessor UI sent output_format mp4 for images; png is used and reported', async () => {
    const result = await validate(base('flux', 'txt2img', { output_format: 'mp4' }));
    expect(result.output_format).toBe('png');
    expect(result.adjustments).toEqual([expect.objectContaining({ field: 'output_format', requested: 'mp4', used: 'png' })]);
  });

  it('COMPAT: keyframes are also accepted under the predecessor name arbitrary_frames', async () => {
    const result = await validate(base('anisora', 'arbitrary_frame', { arbitrary_frames: [{ frame_index: 10, image: png }] }));
    expect(result.images).toEqual([expect.objectContaining({ role: 'keyframe', frame_index: 10 })]);
  });

  it('CAT-3: the prompt is trimmed and its length counts characters, not UTF-16 units', async () => {
    expect((await validate(base('flux', 'txt2img', { prompt: '  hello  ' }))).prompt).toBe('hello');
    expect((await validate(base('flux', 'txt2img', { prompt: '🦊'.repeat(2000) }))).prompt).toHaveLength(4000);
  });

  it('CAT-3: a matching type is accepted', async () => {
    expect((await validate(base('pony', 'txt2img', { type: 'image' }))).type).toBe('image');
  });
});
