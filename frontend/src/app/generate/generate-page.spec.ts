import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { By } from '@angular/platform-browser';
import { Router, provideRouter } from '@angular/router';

import { CATALOG } from '../../testing/catalog.fixture';
import { apiErrorInterceptor } from '../core/api-error.interceptor';
import { LastTaskStore } from '../core/last-task.store';
import type { ImageValue } from './form/draft';
import { GeneratePage } from './generate-page';
import { ImageFileReader } from './image-input/image-file.reader';
import { ImageInput } from './image-input/image-input';

@Component({ template: '' })
class Blank {}

const IMAGE: ImageValue = { dataUri: 'data:image/png;base64,iVBORw0KGgo=', name: 'cat.png', mime: 'image/png', bytes: 2048, width: 640, height: 480 };

describe('GeneratePage (CAT-3, GEN-1, GAL-3)', () => {
  let fixture: ComponentFixture<GeneratePage>;
  let backend: HttpTestingController;
  let root: HTMLElement;

  async function open(from?: string): Promise<void> {
    fixture = TestBed.createComponent(GeneratePage);
    if (from) fixture.componentRef.setInput('from', from);
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    backend.match('/models').forEach((req) => req.flush({ models: [], catalog: CATALOG }));
    await settle();
  }

  async function settle(): Promise<void> {
    await fixture.whenStable();
    fixture.detectChanges();
  }

  function field(name: string): HTMLElement {
    const element = root.querySelector<HTMLElement>(`[data-field="${name}"]`);
    if (!element) throw new Error(`no field ${name} on screen`);
    return element;
  }

  function numberInput(name: string): HTMLInputElement {
    return field(name).querySelector<HTMLInputElement>('input[type="number"], input[readonly]')!;
  }

  async function type(name: string, value: string): Promise<void> {
    const input = field(name).querySelector<HTMLInputElement | HTMLTextAreaElement>('textarea, input[type="number"], input:not([type])')!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  async function click(element: Element | null | undefined): Promise<void> {
    if (!element) throw new Error('nothing to click');
    (element as HTMLElement).click();
    await settle();
  }

  async function chooseRadio(group: string, label: string): Promise<void> {
    const radios = Array.from(root.querySelectorAll<HTMLInputElement>(`input[name="${group}"]`));
    const radio = radios.find((r) => r.closest('label')?.textContent?.includes(label));
    if (!radio) throw new Error(`no ${group} option ${label}`);
    radio.checked = true;
    radio.dispatchEvent(new Event('change'));
    await settle();
  }

  function buttonByText(text: string): HTMLButtonElement | undefined {
    return Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim().startsWith(text));
  }

  async function submit(): Promise<void> {
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
  }

  function generateRequest(): TestRequest {
    return backend.expectOne({ method: 'POST', url: '/generate' });
  }

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([{ path: 'tasks/:id', component: Blank }, { path: '**', component: Blank }]),
        provideHttpClient(withInterceptors([apiErrorInterceptor])),
        provideHttpClientTesting(),
        { provide: ImageFileReader, useValue: { read: async () => IMAGE } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('CAT-2: lists the models in catalog order with their image/video badge', async () => {
    await open();
    const cards = Array.from(root.querySelectorAll('gg-model-picker label'));
    expect(cards.map((c) => c.querySelector('.name')?.textContent?.trim())).toEqual([
      'Index-AniSora V3.2', 'Phr00t WAN 2.2 Rapid', 'Pony Diffusion V6 XL', 'Flux.1 [dev] nf4',
    ]);
    expect(cards.map((c) => c.querySelector('gg-type-badge')?.textContent?.trim())).toEqual(['Video', 'Video', 'Image', 'Image']);
    expect(root.querySelector<HTMLInputElement>('input[name="gg-model"]:checked')?.value).toBe('anisora');
  });

  it('CAT-3: shows the reference image only in the modes that use it, marked required', async () => {
    await open();
    expect(root.querySelector('[data-field="reference_image"]')).toBeNull();
    expect(root.querySelector('[data-field="reference_strength"]')).toBeNull();

    await chooseRadio('gg-mode', 'Image to video');

    expect(field('reference_image').textContent).toContain('Reference image');
    expect(field('reference_image').querySelector('.required')).not.toBeNull();
    expect(root.querySelector('[data-field="reference_strength"]')).not.toBeNull();
    expect(root.querySelector('[data-field="first_frame_image"]')).toBeNull();
  });

  it('CAT-3: switches controls to the accepted range with Advanced', async () => {
    await open();
    expect(numberInput('num_frames').max).toBe('161');
    expect(numberInput('num_frames').min).toBe('49');

    await click(root.querySelector('mat-slide-toggle button'));

    expect(numberInput('num_frames').max).toBe('241');
    expect(numberInput('num_frames').min).toBe('1');
    // fps leaves its recommended select for a free number box.
    expect(field('fps').querySelector('input[type="number"]')).not.toBeNull();
  });

  it('CAT-3: shows fixed parameters locked at their value', async () => {
    await open();
    const steps = numberInput('steps');
    expect(steps.readOnly).toBe(true);
    expect(steps.value).toBe('8');
    expect(field('steps').textContent).toContain('Fixed');
  });

  it('sets frames from a duration preset and the size from an aspect preset', async () => {
    await open();
    await click(buttonByText('8 s'));
    expect(numberInput('num_frames').value).toBe('129');
    expect(buttonByText('8 s')?.getAttribute('aria-pressed')).toBe('true');

    await click(Array.from(root.querySelectorAll('gg-aspect-presets button')).find((b) => b.textContent?.includes('16:9')));
    expect(numberInput('width').value).toBe('1280');
    expect(numberInput('height').value).toBe('720');
    expect(root.querySelector('.estimate')?.textContent).toContain('28 s');
  });

  it('checks the form before sending: nothing is posted without a prompt', async () => {
    await open();
    await submit();

    expect(field('prompt').textContent).toContain('Prompt is required.');
    backend.expectNone('/generate');
  });

  it('GEN-1: posts the request with an Idempotency-Key and opens the task', async () => {
    await open();
    await type('prompt', 'a fox in the snow');
    await submit();

    const req = generateRequest();
    expect(req.request.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(req.request.body).toMatchObject({ model: 'anisora', mode: 't2v', prompt: 'a fox in the snow', num_frames: 81, fps: 16, steps: 8 });
    req.flush({ task_id: 't-42', status: 'pending', seed: 7, adjustments: [] });
    await settle();
    await fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/tasks/t-42');
  });

  it('CAT-3: shows a 422 on the matching controls and the rest above the button', async () => {
    await open();
    await type('prompt', 'a fox');
    await submit();

    generateRequest().flush(
      {
        code: 'validation_error',
        detail: 'Request validation failed: 2 problems in width, mode.',
        user_action: 'Fix the listed fields and retry.',
        metadata: {
          fields: [
            { field: 'width', code: 'out_of_range', message: 'width must be between 256 and 2048 (got 4000)' },
            { field: 'mode', code: 'unsupported_mode', message: 'mode t2v is switched off on this server' },
          ],
        },
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();

    expect(field('width').querySelector('mat-error')?.textContent).toContain('Width must be between 256 and 2048 (got 4000).');
    expect(root.querySelector('.general-errors')?.textContent).toContain('Mode t2v is switched off on this server.');

    // Editing the field clears its server message.
    await type('width', '1024');
    expect(field('width').querySelector('mat-error')).toBeNull();
  });

  it('shows other refusals (429) with their user action', async () => {
    await open();
    await type('prompt', 'a fox');
    await submit();
    generateRequest().flush(
      { code: 'too_many_active_tasks', detail: 'You already have 4 active tasks.', user_action: 'Wait for one to finish.', metadata: { active_tasks: 4, limit: 4 } },
      { status: 429, statusText: 'Too Many Requests' },
    );
    await settle();

    expect(root.querySelector('.general-errors')?.textContent).toContain('You already have 4 active tasks. Wait for one to finish.');
  });

  it('edits keyframes: add and remove rows, never below min_items', async () => {
    await open();
    await chooseRadio('gg-mode', 'Keyframes');

    const rows = () => root.querySelectorAll('gg-keyframe-editor li');
    expect(rows()).toHaveLength(1);
    expect(root.querySelector<HTMLButtonElement>('button[aria-label="Remove keyframe 1"]')?.disabled).toBe(true);

    await click(buttonByText('Add keyframe'));
    expect(rows()).toHaveLength(2);
    expect(numberInput('keyframes[1].frame_index').value).toBe('1');

    const images = fixture.debugElement.queryAll(By.directive(ImageInput)).map((d) => d.componentInstance as ImageInput);
    await images[0]!.take(new File(['x'], 'cat.png'));
    await settle();
    expect(rows()[0]?.querySelector('img')?.getAttribute('src')).toBe(IMAGE.dataUri);

    await click(root.querySelector('button[aria-label="Remove keyframe 2"]'));
    expect(rows()).toHaveLength(1);
  });

  it('CAT-3: sends the keyframes and places a server error on the right row', async () => {
    await open();
    await chooseRadio('gg-mode', 'Keyframes');
    await type('prompt', 'dance');
    await click(buttonByText('Add keyframe'));
    const images = fixture.debugElement.queryAll(By.directive(ImageInput)).map((d) => d.componentInstance as ImageInput);
    for (const image of images) await image.take(new File(['x'], 'k.png'));
    await settle();
    await submit();

    const req = generateRequest();
    expect(req.request.body.keyframes).toEqual([
      { frame_index: 0, image: IMAGE.dataUri, strength: 0.85 },
      { frame_index: 1, image: IMAGE.dataUri, strength: 0.85 },
    ]);
    req.flush(
      { code: 'validation_error', detail: 'x', user_action: '', metadata: { fields: [{ field: 'keyframes[1].image', code: 'invalid_image', message: 'keyframes[1].image is a damaged png image' }] } },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settle();

    expect(field('keyframes[1].image').querySelector('[role="alert"]')?.textContent).toContain('damaged png image');
    expect(field('keyframes[0].image').querySelector('[role="alert"]')).toBeNull();
  });

  it('GAL-3: keeps the form per model across a reload', async () => {
    await open();
    await type('prompt', 'kept across reloads');
    await chooseRadio('gg-model', 'Flux');
    await type('prompt', 'a flux prompt');
    fixture.destroy();

    await open();
    expect(root.querySelector<HTMLInputElement>('input[name="gg-model"]:checked')?.value).toBe('flux');
    expect(field('prompt').querySelector('textarea')?.value).toBe('a flux prompt');
    await chooseRadio('gg-model', 'AniSora');
    expect(field('prompt').querySelector('textarea')?.value).toBe('kept across reloads');
  });

  it('GAL-3: offers to continue watching the last task', async () => {
    TestBed.inject(LastTaskStore).remember({ id: 't-7', prompt: 'a slow sunrise', model: 'anisora' });
    await open();
    const link = root.querySelector<HTMLAnchorElement>('a.continue');
    expect(link?.getAttribute('href')).toBe('/tasks/t-7');
    expect(link?.textContent).toContain('a slow sunrise');
  });

  it('fills the form from a finished task (?from=)', async () => {
    await open('t-9');
    backend.expectOne('/status/t-9').flush({
      task_id: 't-9', status: 'done', model: 'flux', mode: 'txt2img', prompt: 'again please', negative_prompt: '',
      width: 768, height: 768, seed: 1234, output_format: 'jpeg', parameters: { steps: 33, guidance_scale: 4, sampler: 'Euler' },
    });
    await settle();
    await fixture.whenStable();
    fixture.detectChanges();

    expect(root.querySelector<HTMLInputElement>('input[name="gg-model"]:checked')?.value).toBe('flux');
    expect(field('prompt').querySelector('textarea')?.value).toBe('again please');
    expect(numberInput('seed').value).toBe('1234');
    expect(numberInput('steps').value).toBe('33');
    expect(root.querySelector('mat-slide-toggle button')?.getAttribute('aria-checked')).toBe('false');
  });

  it('turns Advanced on when the copied settings lie outside the recommended range', async () => {
    await open('t-10');
    backend.expectOne('/status/t-10').flush({
      task_id: 't-10', status: 'done', model: 'flux', mode: 'txt2img', prompt: 'quick smoke run', negative_prompt: '',
      width: 256, height: 256, seed: 1, output_format: 'png', parameters: { steps: 4, guidance_scale: 3.5, sampler: 'Euler' },
    });
    await settle();
    await fixture.whenStable();
    fixture.detectChanges();

    expect(root.querySelector('mat-slide-toggle button')?.getAttribute('aria-checked')).toBe('true');
    expect(numberInput('steps').value).toBe('4');
    expect(numberInput('width').min).toBe('256');
  });
});
