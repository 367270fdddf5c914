import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Catalog } from './catalog.js';
import { loadCatalog, SCHEMA_RELATIVE_PATH } from './catalog.loader.js';

// Loose on purpose: the tests write deliberately broken variants of the file.
type Json = Record<string, any>;

const ROOT = resolve(__dirname, '../../../..');
const SETTINGS = resolve(ROOT, 'inference_settings.json');
const SCHEMA = resolve(ROOT, SCHEMA_RELATIVE_PATH);
const original = (): Json => JSON.parse(readFileSync(SETTINGS, 'utf8')) as Json;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loadVariant(mutate: (settings: Json) => void): () => Catalog {
  const settings = original();
  mutate(settings);
  const path = join(dir, 'inference_settings.json');
  writeFileSync(path, JSON.stringify(settings));
  return () => loadCatalog(path, { schemaPath: SCHEMA });
}

describe('catalog loader', () => {
  it('CAT-1: the repository catalog loads, with its schema found beside it', () => {
    const catalog = loadCatalog(SETTINGS);
    expect(catalog.ids()).toEqual(['anisora', 'phr00t', 'pony', 'flux']);
  });

  // given a catalog with one defect / when it is loaded / then boot stops naming the bad key
  const badFiles: [string, (s: Json) => void, string][] = [
    ['a default above its recommended max', (s) => (s.models[2].parameters.steps.default = 70),
      'inference_settings.json: models[2].parameters.steps.default (70) is above max 60'],
    ['an unknown key', (s) => (s.models[0].parameters.fps.colour = 'red'),
      'inference_settings.json: models[0].parameters.fps.colour is not an allowed key'],
    ['a value of the wrong type', (s) => (s.models[1].parameters.lighting_variant.default = 3),
      'models[1].parameters.lighting_variant.default must be string'],
    ['a missing required key', (s) => delete s.models[0].name, 'models[0].name is required'],
    ['an unknown field type', (s) => (s.common.fields.reference_image.type = 'imag'),
      'common.fields.reference_image.type must be one of'],
    ['a recommended max above the accepted max', (s) => (s.models[3].parameters.steps.max = 200),
      'models[3].parameters.steps.max (200) is above accepted.max 150'],
    ['a recommended min below the accepted min', (s) => (s.models[2].parameters.cfg_scale.min = -1),
      'models[2].parameters.cfg_scale.min (-1) is below accepted.min 0'],
    ['an accepted range upside down', (s) => (s.common.fields.width.accepted = { min: 2048, max: 256 }),
      'common.fields.width.accepted.min (2048) is above accepted.max 256'],
    ['visible_if naming a mode the model lacks', (s) => (s.models[0].parameters.reference_strength.visible_if = { mode: ['img2img'] }),
      'models[0].parameters.reference_strength.visible_if.mode[0] ("img2img") is not a mode of anisora'],
    ['visible_if naming a field that does not exist', (s) => (s.models[2].parameters.clip_skip.visible_if = { schedular: ['x'] }),
      'models[2].parameters.clip_skip.visible_if.schedular does not name another field of pony'],
    ['visible_if naming a value the field cannot take', (s) => (s.models[2].parameters.clip_skip.visible_if = { sampler: ['Heun'] }),
      `models[2].parameters.clip_skip.visible_if.sampler[0] ("Heun") is not one of sampler's options`],
    ['a numeric default missing from its options', (s) => (s.models[0].parameters.fps.default = 12),
      'models[0].parameters.fps.default (12) is not one of options [8,16,24]'],
    ['a string default missing from its options', (s) => (s.models[2].parameters.sampler.default = 'Heun'),
      'models[2].parameters.sampler.default ("Heun") is not one of options'],
    ['a fixed value outside the accepted range', (s) => (s.models[0].parameters.steps.default = 200),
      'models[0].parameters.steps.default (200) is above accepted.max 150'],
    ['a default that breaks its rounding rule', (s) => (s.models[1].parameters.num_frames.default = 80),
      'models[1].parameters.num_frames.default (80) is not of the form 4k+1'],
    ['a fractional integer', (s) => (s.models[2].parameters.clip_skip.default = 2.5),
      'models[2].parameters.clip_skip.default (2.5) is not an integer'],
    ['a duplicate model id', (s) => (s.models[3].id = 'pony'), 'models[3].id ("pony") duplicates models[2].id'],
    ['an alias equal to another model id', (s) => (s.models[1].aliases = ['flux']),
      'models[3].id ("flux") duplicates models[1].aliases[0]'],
    ['a duplicate mode', (s) => s.models[3].modes.push({ id: 'txt2img', label: 'Again' }),
      'models[3].modes[2].id ("txt2img") is listed twice'],
    ['an override of a field that does not exist', (s) => (s.models[2].field_overrides.colour = { default: 1 }),
      'models[2].field_overrides.colour does not name a common field'],
    ['an override default outside the range', (s) => (s.models[2].field_overrides.width.default = 2000),
      'models[2].field_overrides.width.default (2000) is above max 1280'],
    ['an override of the wrong kind', (s) => (s.models[3].field_overrides.output_format.min = 1),
      'models[3].field_overrides.output_format.min does not apply to a string field'],
    ['a parameter shadowing a common field', (s) => (s.models[3].parameters.seed = s.common.fields.seed),
      'models[3].parameters.seed duplicates common.fields.seed'],
    ['a field alias taken by another field', (s) => (s.models[2].parameters.cfg_scale.aliases = ['steps']),
      'models[2].parameters.cfg_scale.aliases[0] ("steps") already names steps for pony'],
    ['a legacy value mapping outside the options', (s) => (s.models[2].field_overrides.output_format.legacy_values = { mp4: 'gif' }),
      'models[2].field_overrides.output_format.legacy_values.mp4 ("gif") is not one of options'],
    ['a time estimate input the model lacks', (s) => (s.common.time_estimate.image.steps_field = 'stepz'),
      'common.time_estimate.image.steps_field ("stepz") is not a numeric parameter of models[2] (pony)'],
    ['a keyframe bound naming a missing field', (s) => (s.common.fields.keyframes.item.frame_index.below_field = 'frames'),
      'common.fields.keyframes.item.frame_index.below_field ("frames") is not a numeric field of anisora'],
    ['a recommended resolution off the size multiple', (s) => (s.models[0].recommended_resolutions[0].width = 1000),
      'models[0].recommended_resolutions[0].width (1000) is not a multiple of 16'],
    ['a size cap for a mode the model lacks', (s) => (s.models[2].size.mode_max_side = { i2v: 768 }),
      'models[2].size.mode_max_side.i2v is not a mode of pony'],
    ['a default duration that is not a preset', (s) => (s.common.presets.durations.default_seconds = 4),
      'common.presets.durations.default_seconds (4) is not one of seconds'],
  ];

  it.each(badFiles)('CAT-1: a file with %s fails naming the key', (_name, mutate, expected) => {
    expect(loadVariant(mutate)).toThrow(expected);
  });

  it('CAT-1: every problem of a bad file is listed, one line each, each naming the file', () => {
    const load = loadVariant((s) => {
      s.models[2].parameters.steps.default = 70;
      s.models[0].parameters.fps.default = 12;
    });
    expect(load).toThrow(/^inference_settings\.json: .*\ninference_settings\.json: /);
  });

  it('CAT-1: a file that is not JSON fails with the file name', () => {
    const path = join(dir, 'inference_settings.json');
    writeFileSync(path, '{ "version": ');
    expect(() => loadCatalog(path, { schemaPath: SCHEMA })).toThrow(/^inference_settings\.json: is not valid JSON/);
  });

  it('CAT-1: a missing file fails with the path', () => {
    expect(() => loadCatalog(join(dir, 'nope.json'), { schemaPath: SCHEMA })).toThrow(/nope\.json: cannot read/);
  });
});
