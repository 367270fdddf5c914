import { CATALOG, model } from '../../../testing/catalog.fixture';
import { initialDraft, modelFields, type Draft } from './draft';
import { aspectChoices, durationChoices, estimateFor, renderSize, roundedValue } from './form-presets';

function draftFor(id: string, set: Record<string, number | string> = {}, mode?: string): Draft {
  const base = initialDraft(CATALOG, model(id));
  return { ...base, mode: mode ?? base.mode, values: { ...base.values, ...set } };
}

describe('quick presets (models.md)', () => {
  it('turns durations into 4k+1 frames at the current fps (framesForDuration)', () => {
    const at16 = durationChoices(CATALOG, model('anisora'), modelFields(CATALOG, model('anisora')), draftFor('anisora'), false);
    expect(at16.map((c) => [c.seconds, c.frames])).toEqual([[3, 49], [5, 81], [8, 129], [10, 161]]);
    expect(at16.find((c) => c.active)?.seconds).toBe(5);
    expect(at16.every((c) => c.enabled)).toBe(true);
  });

  it('caps frames at max_frames and shows what the clip really lasts', () => {
    const at24 = durationChoices(CATALOG, model('anisora'), modelFields(CATALOG, model('anisora')), draftFor('anisora', { fps: 24 }), false);
    expect(at24.map((c) => c.frames)).toEqual([73, 121, 161, 161]);
    expect(at24[3]).toMatchObject({ seconds: 10, actualSeconds: 6.7 });
  });

  it('disables a duration outside the recommended range until Advanced is on', () => {
    const fields = modelFields(CATALOG, model('anisora'));
    const at8 = durationChoices(CATALOG, model('anisora'), fields, draftFor('anisora', { fps: 8 }), false);
    expect(at8[0]).toMatchObject({ seconds: 3, frames: 25, enabled: false });
    expect(durationChoices(CATALOG, model('anisora'), fields, draftFor('anisora', { fps: 8 }), true)[0]?.enabled).toBe(true);
  });

  it('offers no duration presets for image models', () => {
    expect(durationChoices(CATALOG, model('flux'), modelFields(CATALOG, model('flux')), draftFor('flux'), false)).toEqual([]);
  });

  it('offers the aspects the size fields accept and marks the current one', () => {
    const video = aspectChoices(CATALOG, modelFields(CATALOG, model('anisora')), draftFor('anisora'), false);
    expect(video.map((c) => c.preset.id)).toEqual(['9:16', '16:9', '1:1', '4:5', '16:10']);
    expect(video.filter((c) => c.active).map((c) => c.preset.id)).toEqual(['9:16']);

    // Pony's recommended sizes are its squares: only 1:1 fits until Advanced opens 256–2048.
    const pony = modelFields(CATALOG, model('pony'));
    expect(aspectChoices(CATALOG, pony, draftFor('pony'), false).map((c) => c.preset.id)).toEqual(['1:1']);
    expect(aspectChoices(CATALOG, pony, draftFor('pony'), true)).toHaveLength(5);
  });

  it('estimates time: video (frames / fps) × 3.5 s, image steps × 0.4 s', () => {
    expect(estimateFor(CATALOG, model('anisora'), draftFor('anisora'))).toBeCloseTo((81 / 16) * 3.5);
    expect(estimateFor(CATALOG, model('flux'), draftFor('flux', { steps: 30 }))).toBeCloseTo(12);
    expect(estimateFor(CATALOG, model('flux'), draftFor('flux', { steps: Number.NaN }))).toBeNull();
  });

  it('shows the size the model renders: pony snaps to squares, capped at 768 in img2img', () => {
    expect(renderSize(model('pony'), draftFor('pony', { width: 800, height: 600 }))).toMatchObject({ width: 768, height: 768 });
    expect(renderSize(model('pony'), draftFor('pony', { width: 1024, height: 1024 }, 'img2img'))).toMatchObject({ width: 768, height: 768 });
    expect(renderSize(model('flux'), draftFor('flux', { width: 1000, height: 1024 }))).toMatchObject({ width: 992, height: 1024 });
    expect(renderSize(model('flux'), draftFor('flux', { width: 1024, height: 1024 }))).toBeNull();
  });

  it('shows the frame count the server rounds to (4k+1)', () => {
    const frames = modelFields(CATALOG, model('anisora'))['num_frames']!;
    expect(roundedValue(frames, 100)).toBe(101);
    expect(roundedValue(frames, 81)).toBeNull();
  });
});
