import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { CATALOG } from '../../testing/catalog.fixture';
import { apiErrorInterceptor } from '../core/api-error.interceptor';
import type { GalleryItem, GalleryPage as GalleryPageBody } from '../core/api-types';
import { GALLERY_ROUTES } from './gallery.routes';

function item(id: string, change: Partial<GalleryItem> = {}): GalleryItem {
  return {
    id, model: 'flux', type: 'image', mode: 'txt2img', prompt: `prompt ${id}`, negative_prompt: '', parameters: { steps: 25 },
    width: 1024, height: 1024, seed: 1, output_format: 'png', created_at: '2026-11-27T08:00:00Z', completed_at: '2026-11-27T08:00:10Z',
    preview_url: `/preview/${id}`, result_url: `/results/${id}`, mime: 'image/png', bytes: 1000, duration_seconds: null, frames: null,
    fps: null, timings: { queued_ms: 1, processing_ms: 2, total_ms: 3 }, mine: false, ...change,
  };
}

function page(items: GalleryItem[], change: Partial<GalleryPageBody> = {}): GalleryPageBody {
  return { items, total: items.length, page: 1, per_page: 24, has_more: false, ...change };
}

describe('GalleryPage (GAL-1, GAL-3)', () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([{ path: 'gallery', children: GALLERY_ROUTES }], withComponentInputBinding()),
        provideHttpClient(withInterceptors([apiErrorInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => backend.verify());

  async function go(url: string): Promise<void> {
    const navigation = harness.navigateByUrl(url);
    // The catalog labels the model filter; answer it whenever it is asked for.
    await Promise.resolve();
    backend.match('/models').forEach((req) => req.flush({ models: [], catalog: CATALOG }));
    await navigation;
  }

  async function answer(url: string, body: GalleryPageBody): Promise<void> {
    harness.detectChanges();
    backend.match('/models').forEach((req) => req.flush({ models: [], catalog: CATALOG }));
    backend.expectOne(url).flush(body);
    await harness.fixture.whenStable();
    harness.detectChanges();
  }

  /** Lets a navigation finish without waiting for the request it starts (whenStable would). */
  async function tick(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    harness.detectChanges();
  }

  function root(): HTMLElement {
    return harness.routeNativeElement!;
  }

  it('asks for page 1, newest first by default, and shows previews', async () => {
    await go('/gallery');
    await answer('/gallery?page=1&per_page=24', page([item('a'), item('b', { type: 'video', model: 'anisora', duration_seconds: 5.06, mine: true })]));

    const tiles = Array.from(root().querySelectorAll('li.tile'));
    expect(tiles).toHaveLength(2);
    expect(tiles[0]?.querySelector('img')?.getAttribute('src')).toBe('/preview/a');
    expect(tiles[0]?.querySelector('a')?.getAttribute('href')).toBe('/gallery/a');
    expect(tiles[1]?.textContent).toContain('Index-AniSora V3.2');
    expect(tiles[1]?.textContent).toContain('5.1 s');
    expect(tiles[1]?.textContent).toContain('yours');
    expect(tiles[1]?.querySelector('.play')).not.toBeNull();
  });

  it('GAL-3: takes page and filters from the URL', async () => {
    await go('/gallery?page=2&model=flux&type=image&mine=1');
    await answer('/gallery?page=2&per_page=24&model=flux&type=image&owner=me', page([item('a')], { page: 2, total: 30 }));

    expect(root().querySelector('mat-slide-toggle button')?.getAttribute('aria-checked')).toBe('true');
    expect(root().querySelector('.mat-mdc-paginator-range-label')?.textContent).toContain('25 – 30 of 30');
  });

  it('pages forward through the paginator, keeping the filters', async () => {
    await go('/gallery?type=video');
    await answer('/gallery?page=1&per_page=24&type=video', page([item('a')], { total: 50, has_more: true }));

    root().querySelector<HTMLButtonElement>('button[aria-label="Next page"]')!.click();
    await tick();
    expect(TestBed.inject(Router).url).toBe('/gallery?type=video&page=2');
    await answer('/gallery?page=2&per_page=24&type=video', page([item('c')], { page: 2, total: 50, has_more: true }));
    expect(root().querySelector('li.tile')?.textContent).toContain('prompt c');
  });

  it('"Only mine" filters by owner=me and starts again at page 1', async () => {
    await go('/gallery?page=3');
    await answer('/gallery?page=3&per_page=24', page([item('a')], { page: 3, total: 80 }));

    root().querySelector<HTMLButtonElement>('mat-slide-toggle button')!.click();
    await tick();
    expect(TestBed.inject(Router).url).toBe('/gallery?mine=1');
    await answer('/gallery?page=1&per_page=24&owner=me', page([]));
    expect(root().textContent).toContain('Nothing matches these filters');
  });

  it('shows an empty state that invites generating', async () => {
    await go('/gallery');
    await answer('/gallery?page=1&per_page=24', page([]));
    expect(root().textContent).toContain('No images or videos yet');
    expect(root().querySelector('a[href="/generate"]')).not.toBeNull();
  });

  it('shows an error state with Try again', async () => {
    await go('/gallery');
    harness.detectChanges();
    backend.match('/models').forEach((req) => req.flush({ models: [], catalog: CATALOG }));
    backend.expectOne('/gallery?page=1&per_page=24').flush(
      { code: 'internal_error', detail: 'The gallery is unavailable.', user_action: 'Try again in a moment.' },
      { status: 503, statusText: 'Unavailable' },
    );
    await harness.fixture.whenStable();
    harness.detectChanges();

    expect(root().textContent).toContain('The gallery could not be loaded');
    expect(root().textContent).toContain('The gallery is unavailable. Try again in a moment.');
    Array.from(root().querySelectorAll('button')).find((b) => b.textContent?.includes('Try again'))!.click();
    await answer('/gallery?page=1&per_page=24', page([item('a')]));
    expect(root().querySelectorAll('li.tile')).toHaveLength(1);
  });
});
