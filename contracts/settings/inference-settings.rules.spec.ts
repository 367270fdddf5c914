import type { DurationPresets, SizeRules, ValueRounding } from './inference-settings.js';
import { applyRounding, conditionHolds, framesForDuration, normalizeSize } from './inference-settings.rules.js';

const WAN_FRAMES: ValueRounding = { multiple: 4, offset: 1, direction: 'nearest' };

describe('catalog rules shared by the API and the form', () => {
  it.each([
    [50, 49], [51, 49], [52, 53], [49, 49], [1, 1], [2, 1], [240, 241], [241, 241], [160, 161],
  ])('CAT-2: Wan num_frames %i is rendered as %i (nearest 4k+1, ties down)', (requested, used) => {
    expect(applyRounding(requested, WAN_FRAMES, 1, 241)).toBe(used);
  });

  it('CAT-2: rounding never leaves the accepted range', () => {
    expect(applyRounding(3, { multiple: 4, offset: 1, direction: 'nearest' }, 5, 241)).toBe(5);
    expect(applyRounding(243, { multiple: 4, offset: 1, direction: 'nearest' }, 1, 241)).toBe(241);
  });

  const pony: SizeRules = { multiple: 16, rounding: 'down', snap_squares: [512, 768, 1024], mode_max_side: { img2img: 768 } };
  const wan: SizeRules = { multiple: 16, rounding: 'down' };
  it.each([
    [pony, 'txt2img', 720, 1280, 1024, 1024],
    [pony, 'txt2img', 896, 896, 768, 768],
    [pony, 'txt2img', 897, 600, 1024, 1024],
    [pony, 'txt2img', 640, 640, 512, 512],
    [pony, 'txt2img', 512, 512, 512, 512],
    [pony, 'img2img', 1024, 1024, 768, 768],
    [wan, 't2v', 720, 1280, 720, 1280],
    [wan, 't2v', 1000, 1000, 992, 992],
    [wan, 't2v', 257, 300, 256, 288],
  ])('CAT-2: size rules turn %#: %s %s×%s into %s×%s', (rules, mode, w, h, ew, eh) => {
    expect(normalizeSize(rules, mode, w, h)).toMatchObject({ width: ew, height: eh });
  });

  it('CAT-2: an unchanged size reports no reason', () => {
    expect(normalizeSize(wan, 't2v', 720, 1280).reasons).toEqual([]);
    expect(normalizeSize(pony, 'txt2img', 700, 700).reasons).not.toEqual([]);
  });

  it('CAT-1: conditions are AND over keys, and unknown when a value is missing', () => {
    expect(conditionHolds(undefined, {})).toBe(true);
    expect(conditionHolds({ mode: ['i2v'] }, { mode: 'i2v' })).toBe(true);
    expect(conditionHolds({ mode: ['i2v'] }, { mode: 't2v' })).toBe(false);
    expect(conditionHolds({ mode: ['i2v'], sampler: ['Euler'] }, { mode: 'i2v', sampler: 'x' })).toBe(false);
    expect(conditionHolds({ mode: ['i2v'] }, {})).toBeUndefined();
  });

  it('CAT-1: duration presets give 4k+1 frames capped at 161', () => {
    const presets: DurationPresets = {
      applies_to: ['video'], seconds: [3, 5, 8, 10], default_seconds: 5, frames: { multiple: 4, offset: 1, max_frames: 161 },
    };
    expect([3, 5, 8, 10].map((s) => framesForDuration(presets, s, 16))).toEqual([49, 81, 129, 161]);
    expect(framesForDuration(presets, 10, 24)).toBe(161);
  });
});
