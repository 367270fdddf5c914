import { CATALOG, model } from '../../../testing/catalog.fixture';
import { initialDraft, modelFields, type Draft, type ImageValue } from './draft';
import { visibleFieldViews } from './form-fields';
import { buildRequest, mapServerErrors, validationFieldErrors } from './form-request';

const IMAGE: ImageValue = { dataUri: 'data:image/png;base64,AAAA', name: 'a.png', mime: 'image/png', bytes: 3, width: 8, height: 8 };

function request(id: string, change: Partial<Draft>) {
  const spec = model(id);
  const base = initialDraft(CATALOG, spec);
  const draft = { ...base, ...change, values: { ...base.values, prompt: '  a fox  ', ...change.values } };
  return buildRequest(id, draft, visibleFieldViews(modelFields(CATALOG, spec), spec, draft, false));
}

describe('POST /generate body (GEN-1)', () => {
  it('sends the model, the mode and exactly the fields of that mode, prompt trimmed', () => {
    expect(request('flux', {})).toEqual({
      model: 'flux', mode: 'txt2img', prompt: 'a fox', negative_prompt: '', width: 1024, height: 1024, seed: -1,
      output_format: 'png', steps: 25, guidance_scale: 3.5, sampler: 'Euler',
    });
  });

  it('sends fixed parameters at their fixed value and never a field of another mode', () => {
    const body = request('anisora', { mode: 't2v', values: { steps: 99 } });
    expect(body['steps']).toBe(8);
    expect(body).not.toHaveProperty('reference_strength');
    expect(body).not.toHaveProperty('reference_image');
  });

  it('sends images as data URIs and keyframes as {frame_index, image, strength}', () => {
    expect(request('flux', { mode: 'img2img', images: { reference_image: IMAGE } })['reference_image']).toBe(IMAGE.dataUri);
    const body = request('anisora', {
      mode: 'arbitrary_frame',
      keyframes: { keyframes: [{ id: 1, frame_index: 0, strength: 0.85, image: IMAGE }, { id: 2, frame_index: 40, strength: 0.5, image: IMAGE }] },
    });
    expect(body.keyframes).toEqual([
      { frame_index: 0, image: IMAGE.dataUri, strength: 0.85 },
      { frame_index: 40, image: IMAGE.dataUri, strength: 0.5 },
    ]);
  });
});

describe('server 422 mapping (CAT-3)', () => {
  const spec = model('anisora');
  const draft = { ...initialDraft(CATALOG, spec), mode: 'arbitrary_frame' };
  const views = visibleFieldViews(modelFields(CATALOG, spec), spec, draft, false);

  it('puts each message on the control named by its body key, the rest in a general list', () => {
    const mapped = mapServerErrors(
      [
        { field: 'width', code: 'out_of_range', message: 'width must be between 256 and 2048 (got 9000)' },
        { field: 'keyframes[1].image', code: 'invalid_image', message: 'keyframes[1].image is a damaged png image' },
        { field: 'mode', code: 'unsupported_mode', message: 'anisora does not support mode "x"' },
        { field: '(body)', code: 'wrong_type', message: 'The request body must be a JSON object' },
      ],
      views,
    );
    expect(mapped.fields).toEqual({
      width: 'Width must be between 256 and 2048 (got 9000).',
      'keyframes[1].image': 'Keyframes[1].image is a damaged png image.',
    });
    expect(mapped.general).toEqual(['Anisora does not support mode "x".', 'The request body must be a JSON object.']);
  });

  it('reads metadata.fields defensively', () => {
    expect(validationFieldErrors({ fields: [{ field: 'seed', code: 'wrong_type', message: 'seed must be an integer' }, 'junk', { field: 1 }] })).toEqual([
      { field: 'seed', code: 'wrong_type', message: 'seed must be an integer' },
    ]);
    expect(validationFieldErrors({})).toEqual([]);
  });
});
