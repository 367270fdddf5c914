import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { CATALOG } from '../../testing/catalog.fixture';
import { doneDoc } from '../../testing/status.fixture';
import { apiErrorInterceptor } from '../core/api-error.interceptor';
import { Notifications } from '../core/notifications.service';
import { GalleryItemPage } from './gallery-item-page';

@Component({ template: '' })
class Blank {}

describe('GalleryItemPage (GAL-2, GEN-7)', () => {
  let harness: RouterTestingHarness;
  let backend: HttpTestingController;
  let notifications: { error: ReturnType<typeof vi.fn>; info: ReturnType<typeof vi.fn> };

  beforeEach(async () => {
    notifications = { error: vi.fn(), info: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter(
          [{ path: 'gallery', children: [{ path: '', component: Blank }, { path: ':id', component: GalleryItemPage }] }, { path: '**', component: Blank }],
          withComponentInputBinding(),
        ),
        provideHttpClient(withInterceptors([apiErrorInterceptor])),
        provideHttpClientTesting(),
        { provide: Notifications, useValue: notifications },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => {
    backend.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => (el.innerHTML = ''));
  });

  async function tick(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    harness.detectChanges();
  }

  async function open(id: string, answer: (url: string) => void): Promise<HTMLElement> {
    void harness.navigateByUrl(`/gallery/${id}`);
    await tick();
    backend.match('/models').forEach((req) => req.flush({ models: [], catalog: CATALOG }));
    answer(`/status/${id}`);
    await tick();
    return harness.routeNativeElement!;
  }

  function dialogButton(label: string): HTMLButtonElement | undefined {
    return Array.from(document.querySelectorAll<HTMLButtonElement>('mat-dialog-container button')).find((b) => b.textContent?.trim() === label);
  }

  it('shows the full media, what made it, Download and "Use these settings again"', async () => {
    const root = await open('t9', (url) => backend.expectOne(url).flush(doneDoc({ task_id: 't9', prompt: 'a quiet harbour', seed: 77 })));

    expect(root.querySelector('gg-media-view img')?.getAttribute('src')).toBe('/results/t9');
    expect(root.querySelector('a[download]')?.getAttribute('href')).toBe('/results/t9?download=1');
    expect(root.querySelector('a[href="/generate?from=t9"]')?.textContent).toContain('Use these settings again');
    const details = root.querySelector('gg-generation-details')?.textContent ?? '';
    expect(details).toContain('a quiet harbour');
    expect(details).toContain('Seed77');
    expect(details).toContain('Waited in queue');
  });

  it('GAL-2: deletes only after confirmation, then returns to the gallery', async () => {
    const root = await open('t9', (url) => backend.expectOne(url).flush(doneDoc({ task_id: 't9' })));
    const remove = Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.includes('Delete'))!;

    remove.click();
    await tick();
    expect(document.querySelector('mat-dialog-container')?.textContent).toContain('Delete this output?');
    dialogButton('Cancel')!.click();
    await tick();
    backend.expectNone('/gallery/t9');

    remove.click();
    await tick();
    dialogButton('Delete')!.click();
    await tick();
    backend.expectOne({ method: 'DELETE', url: '/gallery/t9' }).flush({ deleted: true, id: 't9' });
    await tick();

    expect(notifications.info).toHaveBeenCalledWith('Deleted.');
    expect(TestBed.inject(Router).url).toBe('/gallery');
  });

  it('GAL-2: reports a refused delete (someone else’s output) and stays', async () => {
    const root = await open('t9', (url) => backend.expectOne(url).flush(doneDoc({ task_id: 't9' })));
    Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.includes('Delete'))!.click();
    await tick();
    dialogButton('Delete')!.click();
    await tick();
    backend.expectOne({ method: 'DELETE', url: '/gallery/t9' }).flush(
      { code: 'forbidden', detail: 'Only the owner can delete this output.', user_action: '' },
      { status: 403, statusText: 'Forbidden' },
    );
    await tick();

    expect(notifications.error).toHaveBeenCalledWith(expect.objectContaining({ code: 'forbidden' }));
    expect(TestBed.inject(Router).url).toBe('/gallery/t9');
  });

  it('says when the output is gone (404)', async () => {
    const root = await open('gone', (url) =>
      backend.expectOne(url).flush({ code: 'task_not_found', detail: 'No task gone.', user_action: '' }, { status: 404, statusText: 'Not Found' }),
    );
    expect(root.textContent).toContain('This output is gone');
  });
});
