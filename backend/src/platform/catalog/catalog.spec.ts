import { resolve } from 'node:path';
import { CATALOG } from './catalog.js';
import { catalogProvider, loadCatalog } from './catalog.loader.js';

const catalog = loadCatalog(resolve(__dirname, '../../../../inference_settings.json'));

describe('Catalog', () => {
  it('CAT-2: lists the four families in file order with their types and modes', () => {
    expect(catalog.list().map((m) => [m.id, m.type, m.modes.map((mode) => mode.id)])).toEqual([
      ['anisora', 'video', ['t2v', 'i2v', 'first_last_frame', 'arbitrary_frame']],
      ['phr00t', 'video', ['t2v', 'i2v', 'first_last_frame']],
      ['pony', 'image', ['txt2img', 'img2img']],
      ['flux', 'image', ['txt2img', 'img2img']],
    ]);
  });

  it.each([
    ['anisora', 'anisora'],
    ['phr00t', 'phr00t'],
    ['wan-remix', 'phr00t'],
    ['pony', 'pony'],
    ['flux', 'flux'],
  ])('CAT-2: find(%s) resolves to %s', (name, id) => {
    expect(catalog.find(name)?.id).toBe(id);
  });

  it.each(['PONY', 'sdxl', '', 'constructor', '__proto__'])('CAT-2: find(%j) is undefined', (name) => {
    expect(catalog.find(name)).toBeUndefined();
  });

  it('CAT-1: a model sees common fields with its overrides, then its own parameters', () => {
    const pony = catalog.fields(catalog.find('pony')!);
    expect(Object.keys(pony).slice(0, 6)).toEqual(['prompt', 'negative_prompt', 'width', 'height', 'seed', 'output_format']);
    expect(pony['width']).toMatchObject({ default: 1024, options: [512, 768, 1024], accepted: { min: 256, max: 2048 } });
    expect(pony['output_format']).toMatchObject({ default: 'png', options: ['png', 'jpeg'] });
    expect(catalog.fields(catalog.find('anisora')!)['width']).toMatchObject({ default: 720 });
    expect(Object.keys(pony)).toContain('clip_skip');
  });

  it('CAT-3: knows every field name and alias any model takes, and nothing else', () => {
    for (const name of ['prompt', 'cfg', 'cfg_scale', 'guidance_scale', 'motion_score', 'arbitrary_frames', 'model', 'mode']) {
      expect(catalog.isKnownField(name)).toBe(true);
    }
    expect(catalog.isKnownField('colour')).toBe(false);
  });

  it('exposes a DI provider under the CATALOG token', () => {
    const provider = catalogProvider(resolve(__dirname, '../../../../inference_settings.json'));
    expect(provider.provide).toBe(CATALOG);
    expect(provider.useFactory().ids()).toEqual(catalog.ids());
  });
});

describe('Catalog.toCompatModels (COMPAT GET /models)', () => {
  const { models } = catalog.toCompatModels();
  const byId = Object.fromEntries(models.map((m) => [m.id, m]));

  it('COMPAT: has the four ids with the predecessor fields', () => {
    expect(models.map((m) => m.id)).toEqual(['anisora', 'phr00t', 'pony', 'flux']);
    for (const model of models) {
      expect(model).toEqual(
        expect.objectContaining({ id: expect.any(String), name: expect.any(String), type: expect.any(String), modes: expect.any(Array) }),
      );
      expect(Object.keys(model.parameters_schema)).toEqual(expect.arrayContaining(['prompt', 'width', 'height', 'seed']));
    }
    expect(byId['phr00t']!.aliases).toEqual(['wan-remix']);
  });

  it('CAT-2: fixed parameters are the values that actually run', () => {
    expect(byId['anisora']!.fixed_parameters).toEqual({ steps: 8, guidance_scale: 1 });
    expect(byId['phr00t']!.fixed_parameters).toEqual({ steps: 4, cfg_scale: 1 });
    expect(byId['pony']!.fixed_parameters).toEqual({});
    expect(byId['flux']!.fixed_parameters).toEqual({});
  });

  it('CAT-3: numeric min/max are the accepted range; the recommended range rides beside it', () => {
    expect(byId['pony']!.parameters_schema['steps']).toMatchObject({
      type: 'integer', default: 30, min: 1, max: 150, recommended: { min: 20, max: 60, step: 1 },
    });
    expect(byId['anisora']!.parameters_schema['fps']).toMatchObject({ min: 1, max: 60, recommended: { options: [8, 16, 24] } });
  });

  it('CAT-3: mode-dependent fields say where they apply and a field no mode uses is left out', () => {
    expect(byId['anisora']!.parameters_schema['keyframes']).toMatchObject({ modes: ['arbitrary_frame'], aliases: ['arbitrary_frames'] });
    expect(byId['pony']!.parameters_schema['keyframes']).toBeUndefined();
    expect(byId['pony']!.parameters_schema['reference_image']).toMatchObject({ modes: ['img2img'], required_modes: ['img2img'] });
    expect(byId['pony']!.parameters_schema['first_frame_image']).toBeUndefined();
  });

  it('COMPAT: defaults and output formats per type', () => {
    expect(byId['anisora']!.defaults).toMatchObject({ width: 720, height: 1280, seed: -1, output_format: 'mp4', num_frames: 81 });
    expect(byId['pony']!.defaults).toMatchObject({ width: 1024, height: 1024, sampler: 'DPM++ 2M Karras', output_format: 'png' });
    expect(byId['anisora']!.output_formats).toEqual(['mp4', 'webm']);
    expect(byId['flux']!.output_formats).toEqual(['png', 'jpeg']);
  });

  it('COMPAT: the body is plain JSON', () => {
    expect(JSON.parse(JSON.stringify({ models }))).toEqual(JSON.parse(JSON.stringify(catalog.toCompatModels())));
  });
});
