import { findRequestProblem, nearestWanFrameCount, resolveUsedSettings, roundDownTo16, snapPonySide } from './model-rules.js';
import { jobRequest } from './testing/job-request.fixture.js';

describe('model rules the worker applies (models.md)', () => {
  it('CAT-2: width and height round down to multiples of 16', () => {
    expect([roundDownTo16(720), roundDownTo16(1279), roundDownTo16(31), roundDownTo16(8)]).toEqual([720, 1264, 16, 16]);
    expect(resolveUsedSettings(jobRequest({ model: 'flux', width: 1000, height: 777 }))).toMatchObject({ width: 992, height: 768 });
  });

  it('CAT-2: pony snaps to a square 512/768/1024 and caps img2img at 768', () => {
    expect([snapPonySide(512, 512, 'txt2img'), snapPonySide(640, 300, 'txt2img'), snapPonySide(641, 300, 'txt2img')]).toEqual([512, 512, 768]);
    expect([snapPonySide(896, 896, 'txt2img'), snapPonySide(897, 1, 'txt2img'), snapPonySide(2048, 2048, 'img2img')]).toEqual([768, 1024, 768]);
    expect(resolveUsedSettings(jobRequest({ model: 'pony', width: 720, height: 1280 }))).toMatchObject({ width: 1024, height: 1024 });
  });

  it('CAT-2: Wan frame counts become the nearest 4k+1 within 1..241', () => {
    expect([81, 80, 79, 78, 1, 2, 3, 241, 500, 0].map(nearestWanFrameCount)).toEqual([81, 81, 81, 77, 1, 1, 5, 241, 241, 1]);
  });

  it('CAT-2: fixed steps win for the Wan models; image models honour steps within 1..150', () => {
    expect(resolveUsedSettings(jobRequest({ model: 'anisora', parameters: { steps: 50 } })).steps).toBe(8);
    expect(resolveUsedSettings(jobRequest({ model: 'phr00t', parameters: {} })).steps).toBe(4);
    expect(resolveUsedSettings(jobRequest({ model: 'flux', parameters: { steps: 33 } })).steps).toBe(33);
    expect(resolveUsedSettings(jobRequest({ model: 'flux', parameters: {} })).steps).toBe(25);
    expect(resolveUsedSettings(jobRequest({ model: 'pony', parameters: { steps: 999 } })).steps).toBe(150);
  });

  it('CAT-2: video defaults are 81 frames at 16 fps; images report no frames', () => {
    expect(resolveUsedSettings(jobRequest({ model: 'anisora', parameters: {} }))).toMatchObject({ num_frames: 81, fps: 16 });
    expect(resolveUsedSettings(jobRequest({ model: 'flux' })).num_frames).toBeUndefined();
  });

  it('CAT-3: model, type and format must agree; images need a supported mime', () => {
    expect(findRequestProblem(jobRequest({ model: 'flux' }))).toBeNull();
    expect(findRequestProblem(jobRequest({ model: 'anisora', type: 'image' }))).toMatch(/produces video/);
    expect(findRequestProblem(jobRequest({ model: 'anisora', output_format: 'png' }))).toMatch(/not a video format/);
    const gif = { role: 'reference_image', mime: 'image/gif', data_base64: 'R0lG' };
    expect(findRequestProblem(jobRequest({ model: 'flux', images: [gif] }))).toMatch(/unsupported mime/);
  });
});
