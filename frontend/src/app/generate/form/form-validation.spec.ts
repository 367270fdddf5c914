import { CATALOG, model } from '../../../testing/catalog.fixture';
import { initialDraft, modelFields, type Draft, type ImageValue } from './draft';
import { visibleFieldViews } from './form-fields';
import { validateDraft } from './form-validation';

const IMAGE: ImageValue = { dataUri: 'data:image/png;base64,iVBORw0KGgo=', name: 'a.png', mime: 'image/png', bytes: 8, width: 64, height: 64 };

function draftFor(id: string, change: Partial<Draft> & { set?: Record<string, number | string> } = {}): Draft {
  const base = initialDraft(CATALOG, model(id));
  const { set = {}, ...rest } = change;
  return { ...base, values: { ...base.values, prompt: 'a fox', ...set }, ...rest };
}

function errorsFor(id: string, draft: Draft, advanced = false): Record<string, string> {
  const spec = model(id);
  return { ...validateDraft(visibleFieldViews(modelFields(CATALOG, spec), spec, draft, advanced), draft, advanced) };
}

describe('client validation mirrors the server (CAT-3)', () => {
  it('passes the catalog defaults with a prompt, for every model', () => {
    for (const spec of CATALOG.models) expect(errorsFor(spec.id, draftFor(spec.id))).toEqual({});
  });

  it('requires a prompt that is not blank and not too long', () => {
    expect(errorsFor('flux', draftFor('flux', { set: { prompt: '   ' } }))['prompt']).toBe('Prompt is required.');
    expect(errorsFor('flux', draftFor('flux', { set: { prompt: 'x'.repeat(2001) } }))['prompt']).toMatch(/at most 2000 characters/);
  });

  it('requires the reference image only in the modes that need it', () => {
    expect(errorsFor('flux', draftFor('flux', { mode: 'img2img' }))['reference_image']).toMatch(/reference image/);
    expect(errorsFor('flux', draftFor('flux', { mode: 'img2img', images: { reference_image: IMAGE } }))).toEqual({});
    expect(errorsFor('flux', draftFor('flux', { mode: 'txt2img' }))['reference_image']).toBeUndefined();
  });

  it('requires both first and last frame in first_last_frame', () => {
    const errors = errorsFor('phr00t', draftFor('phr00t', { mode: 'first_last_frame', images: { first_frame_image: IMAGE } }));
    expect(Object.keys(errors)).toEqual(['last_frame_image']);
  });

  it('holds numbers to the recommended range, and to the accepted range with Advanced', () => {
    const low = draftFor('anisora', { set: { num_frames: 25 } });
    expect(errorsFor('anisora', low)['num_frames']).toBe('Frames must be between 49 and 161 (turn on Advanced for the full range).');
    expect(errorsFor('anisora', low, true)['num_frames']).toBeUndefined();
    expect(errorsFor('anisora', draftFor('anisora', { set: { num_frames: 300 } }), true)['num_frames']).toBe('Frames must be between 1 and 241.');
  });

  it('rejects a missing number and a fraction where an integer is needed', () => {
    expect(errorsFor('flux', draftFor('flux', { set: { steps: Number.NaN } }))['steps']).toBe('Enter a number for steps.');
    expect(errorsFor('flux', draftFor('flux', { set: { steps: 20.5 } }))['steps']).toBe('Steps must be a whole number.');
  });

  it('keeps recommended options unless Advanced is on', () => {
    const draft = draftFor('anisora', { set: { fps: 30 } });
    expect(errorsFor('anisora', draft)['fps']).toMatch(/between 8 and 24|Choose one of 8, 16, 24/);
    expect(errorsFor('anisora', draft, true)['fps']).toBeUndefined();
  });

  it('reports a fixed parameter that differs from its value', () => {
    expect(errorsFor('anisora', draftFor('anisora', { set: { steps: 20 } }))['steps']).toBe('Steps is fixed at 8 for this model.');
  });

  describe('keyframes', () => {
    const row = (id: number, frame_index: number, image: ImageValue | null = IMAGE, strength = 0.85) => ({ id, frame_index, strength, image });

    it('needs an image per row, frames below num_frames, unique frames and strengths in range', () => {
      const draft = draftFor('anisora', {
        mode: 'arbitrary_frame',
        keyframes: { keyframes: [row(1, 0, null), row(2, 81), row(3, 40), row(4, 40, IMAGE, 0.01)] },
      });
      expect(errorsFor('anisora', draft)).toEqual({
        'keyframes[0].image': 'Add an image for this keyframe.',
        'keyframes[1].frame_index': 'Frame must be below the number of frames (81).',
        'keyframes[3].frame_index': 'Frame 40 is also used by keyframe 3.',
        'keyframes[3].strength': 'Strength must be between 0.1 and 1 (turn on Advanced for the full range).',
      });
    });

    it('needs at least min_items rows', () => {
      const draft = draftFor('anisora', { mode: 'arbitrary_frame', keyframes: { keyframes: [] } });
      expect(errorsFor('anisora', draft)).toEqual({ keyframes: 'Add at least 1 keyframe.' });
    });
  });
});
