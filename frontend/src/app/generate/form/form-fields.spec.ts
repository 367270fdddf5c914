import { CATALOG, INVENTED_CATALOG, model } from '../../../testing/catalog.fixture';
import { initialDraft, modelFields, type Draft } from './draft';
import { keyframeItemViews, visibleFieldViews, type FieldView, type KeyframesFieldView, type NumericFieldView } from './form-fields';

function viewsFor(modelId: string, mode: string, advanced = false, catalog = CATALOG): FieldView[] {
  const spec = catalog.models.find((m) => m.id === modelId)!;
  const draft: Draft = { ...initialDraft(catalog, spec), mode };
  return visibleFieldViews(modelFields(catalog, spec), spec, draft, advanced);
}

function names(views: readonly FieldView[]): string[] {
  return views.map((view) => view.name);
}

function numeric(views: readonly FieldView[], name: string): NumericFieldView {
  const view = views.find((v) => v.name === name);
  if (view?.kind !== 'numeric') throw new Error(`${name} is not a numeric field on screen`);
  return view;
}

describe('form fields from the catalog (CAT-3)', () => {
  it('shows the common fields then the model parameters, in catalog order', () => {
    expect(names(viewsFor('flux', 'txt2img'))).toEqual([
      'prompt', 'negative_prompt', 'width', 'height', 'seed', 'output_format', 'steps', 'guidance_scale', 'sampler',
    ]);
  });

  it.each([
    ['anisora', 't2v', [], []],
    ['anisora', 'i2v', ['reference_image', 'reference_strength', 'denoising_strength'], ['reference_image']],
    ['anisora', 'first_last_frame', ['first_frame_image', 'last_frame_image', 'first_strength', 'last_strength'], ['first_frame_image', 'last_frame_image']],
    ['anisora', 'arbitrary_frame', ['keyframes', 'reference_strength', 'denoising_strength'], ['keyframes']],
    ['phr00t', 'i2v', ['reference_image', 'reference_strength', 'denoising_strength'], ['reference_image']],
    ['pony', 'txt2img', [], []],
    ['pony', 'img2img', ['reference_image', 'denoising_strength'], ['reference_image']],
    ['flux', 'img2img', ['reference_image', 'denoising_strength'], ['reference_image']],
  ])('%s in mode %s shows its mode-only fields %j and requires %j', (id, mode, modeOnly, required) => {
    const views = viewsFor(id, mode);
    const conditional = ['reference_image', 'first_frame_image', 'last_frame_image', 'keyframes', 'reference_strength', 'first_strength', 'last_strength', 'denoising_strength'];
    expect(names(views).filter((n) => conditional.includes(n)).sort()).toEqual([...modeOnly].sort());
    const requiredByMode = views.filter((v) => v.required && v.name !== 'prompt').map((v) => v.name);
    expect(requiredByMode.sort()).toEqual([...required].sort());
  });

  it('offers the recommended range by default and the accepted range with Advanced', () => {
    const normal = numeric(viewsFor('anisora', 't2v'), 'num_frames');
    const advanced = numeric(viewsFor('anisora', 't2v', true), 'num_frames');

    expect(normal.limits).toEqual({ min: 49, max: 161, step: 4 });
    expect(normal.control).toBe('slider');
    expect(advanced.limits).toEqual({ min: 1, max: 241, step: 1 });
  });

  it('turns recommended options into a select, and into a free number with Advanced', () => {
    const fps = numeric(viewsFor('anisora', 't2v'), 'fps');
    expect(fps.control).toBe('select');
    expect(fps.options.map((o) => o.label)).toEqual(['8 fps', '16 fps', '24 fps']);

    const advancedFps = numeric(viewsFor('anisora', 't2v', true), 'fps');
    expect(advancedFps.control).toBe('number');
    expect(advancedFps.limits).toMatchObject({ min: 1, max: 60 });
  });

  it('applies field_overrides: pony sizes are the squares it renders, image formats replace video ones', () => {
    const views = viewsFor('pony', 'txt2img');
    const width = numeric(views, 'width');
    expect(width.control).toBe('select');
    expect(width.options.map((o) => o.value)).toEqual([512, 768, 1024]);
    const format = views.find((v) => v.name === 'output_format');
    expect(format?.kind === 'string' && format.options.map((o) => o.label)).toEqual(['PNG', 'JPEG']);
  });

  it('shows fixed parameters locked at their default', () => {
    const views = viewsFor('phr00t', 't2v');
    expect(numeric(views, 'steps').control).toBe('fixed');
    expect(numeric(views, 'steps').spec.default).toBe(4);
    expect(numeric(views, 'cfg_scale').control).toBe('fixed');
    // Advanced widens ranges but never unlocks a fixed parameter.
    expect(numeric(viewsFor('phr00t', 't2v', true), 'steps').control).toBe('fixed');
  });

  it('uses the seed control with its labelled special value', () => {
    const seed = numeric(viewsFor('flux', 'txt2img'), 'seed');
    expect(seed.control).toBe('seed');
    expect(seed.spec.option_labels).toEqual({ '-1': 'Random' });
  });

  it('names keyframe row fields the way the server reports them', () => {
    const view = viewsFor('anisora', 'arbitrary_frame').find((v) => v.name === 'keyframes') as KeyframesFieldView;
    const row = keyframeItemViews(view, 2);
    expect(row.frame.name).toBe('keyframes[2].frame_index');
    expect(row.strength.name).toBe('keyframes[2].strength');
    expect(row.frame.limits).toEqual({ min: 0, max: 160, step: 1 });
    expect(view.frameBound).toBe(81);
  });

  it('builds a model it has never seen from the catalog alone, including conditions on other fields', () => {
    const paint = viewsFor('zeta', 'paint', false, INVENTED_CATALOG);
    expect(names(paint)).toEqual(['prompt', 'negative_prompt', 'width', 'height', 'seed', 'output_format', 'brush', 'palette', 'steps']);
    expect(numeric(paint, 'brush')).toMatchObject({ control: 'slider', limits: { min: 4, max: 40, step: 2 }, section: 'parameters' });
    expect(numeric(paint, 'steps').control).toBe('fixed');

    const spec = INVENTED_CATALOG.models[0]!;
    const cold: Draft = { ...initialDraft(INVENTED_CATALOG, spec), mode: 'restyle', values: { ...initialDraft(INVENTED_CATALOG, spec).values, palette: 'cold' } };
    expect(names(visibleFieldViews(modelFields(INVENTED_CATALOG, spec), spec, cold, false))).toContain('texture');
    expect(names(viewsFor('zeta', 'restyle', false, INVENTED_CATALOG))).not.toContain('texture');
  });

  it('puts fields in sections by their kind, not by model', () => {
    const sections = Object.fromEntries(viewsFor('anisora', 'i2v').map((v) => [v.name, v.section]));
    expect(sections).toMatchObject({
      prompt: 'prompt', negative_prompt: 'prompt', reference_image: 'images', width: 'size', height: 'size',
      num_frames: 'parameters', steps: 'parameters', seed: 'output', output_format: 'output',
    });
  });
});

describe('model fixture', () => {
  it('is the real catalog', () => {
    expect(CATALOG.models.map((m) => m.id)).toEqual(['anisora', 'phr00t', 'pony', 'flux']);
    expect(model('phr00t').aliases).toEqual(['wan-remix']);
  });
});
