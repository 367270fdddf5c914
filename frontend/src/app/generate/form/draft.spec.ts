import { CATALOG, model } from '../../../testing/catalog.fixture';
import { draftFromSettings, initialDraft, newKeyframe, sanitizeDraft } from './draft';

describe('drafts (GAL-3)', () => {
  it('starts from the first mode and every catalog default', () => {
    const draft = initialDraft(CATALOG, model('anisora'));
    expect(draft.mode).toBe('t2v');
    expect(draft.values).toMatchObject({ prompt: '', width: 720, height: 1280, seed: -1, output_format: 'mp4', num_frames: 81, fps: 16, steps: 8 });
    expect(draft.keyframes['keyframes']).toEqual([{ id: 1, frame_index: 0, strength: 0.85, image: null }]);
  });

  it('keeps what was stored, drops what the catalog no longer knows, and never unlocks a fixed value', () => {
    const stored = JSON.parse(JSON.stringify({
      mode: 'i2v',
      values: { prompt: 'a cat', num_frames: Number.NaN, fps: 'fast', steps: 50, retired_field: 3 },
      keyframes: { keyframes: [{ frame_index: 12, strength: 0.5 }] },
    }));
    const draft = sanitizeDraft(CATALOG, model('anisora'), stored);
    expect(draft.mode).toBe('i2v');
    expect(draft.values['prompt']).toBe('a cat');
    expect(Number.isNaN(draft.values['num_frames'])).toBe(true);
    expect(draft.values['fps']).toBe(16);
    expect(draft.values['steps']).toBe(8);
    expect(draft.values).not.toHaveProperty('retired_field');
    expect(draft.keyframes['keyframes']).toEqual([{ id: 1, frame_index: 12, strength: 0.5, image: null }]);
  });

  it('falls back to the defaults for garbage and for a mode the model lost', () => {
    expect(sanitizeDraft(CATALOG, model('flux'), 'nonsense')).toEqual(initialDraft(CATALOG, model('flux')));
    expect(sanitizeDraft(CATALOG, model('phr00t'), { mode: 'arbitrary_frame' }).mode).toBe('t2v');
  });

  it('rebuilds a draft from a finished task ("Use these settings again")', () => {
    const draft = draftFromSettings(CATALOG, model('flux'), {
      mode: 'txt2img', prompt: 'a fox', negative_prompt: 'blur', width: 768, height: 512, seed: 42, output_format: 'jpeg',
      parameters: { steps: 40, guidance_scale: 5, sampler: 'flow-matching', unknown: 1 },
    });
    expect(draft.values).toMatchObject({ prompt: 'a fox', negative_prompt: 'blur', width: 768, height: 512, seed: 42, output_format: 'jpeg', steps: 40, guidance_scale: 5, sampler: 'flow-matching' });
    expect(draft.values).not.toHaveProperty('unknown');
  });

  it('adds keyframes on a free frame', () => {
    const spec = CATALOG.common.fields['keyframes'];
    if (spec?.type !== 'keyframes') throw new Error('catalog has no keyframes field');
    const row = newKeyframe(spec, [{ id: 1, frame_index: 0, strength: 1, image: null }, { id: 2, frame_index: 1, strength: 1, image: null }]);
    expect(row).toEqual({ id: 3, frame_index: 2, strength: 0.85, image: null });
  });
});
