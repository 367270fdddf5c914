import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { App } from './app';
import { routes } from './app.routes';
import { apiErrorInterceptor } from './core/api-error.interceptor';
import { SessionService } from './core/session.service';

describe('App', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideZonelessChangeDetection(),
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(withInterceptors([apiErrorInterceptor])),
        provideHttpClientTesting(),
      ],
    });
  });

  function navLinks(root: HTMLElement): HTMLAnchorElement[] {
    return Array.from(root.querySelectorAll<HTMLAnchorElement>('nav[aria-label="Main"] a'));
  }

  it('renders the product name and the main navigation', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;

    expect(root.querySelector('header')?.textContent).toContain('Gooni Gooni');
    const links = navLinks(root);
    expect(links.map((a) => a.textContent?.trim())).toEqual(['Generate', 'Gallery', 'Admin']);
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/generate', '/gallery', '/admin']);
  });

  it('loads a feature page lazily and marks its link as current', async () => {
    const fixture = TestBed.createComponent(App);
    await TestBed.inject(Router).navigateByUrl('/gallery');
    fixture.detectChanges();
    const backend = TestBed.inject(HttpTestingController);
    backend.expectOne((req) => req.url === '/gallery').flush({ items: [], total: 0, page: 1, per_page: 24, has_more: false });
    backend.match('/models').forEach((req) => req.flush({ models: [], catalog: { version: 'x', common: {}, models: [] } }));
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;

    expect(root.querySelector('main h1')?.textContent).toBe('Gallery');
    const current = navLinks(root).filter((a) => a.getAttribute('aria-current') === 'page');
    expect(current.map((a) => a.textContent?.trim())).toEqual(['Gallery']);
  });

  it('shows a task page for /tasks/:id with the id from the URL', async () => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/tasks/abc-123');

    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toBe('Task');
    expect(harness.routeNativeElement?.textContent).toContain('abc-123');
  });

  it('SC-3: shows a non-blocking banner with a retry when the session cannot be obtained', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[role="status"]')).toBeNull();

    const pending = TestBed.inject(SessionService).ensureSession();
    TestBed.inject(HttpTestingController).expectOne('/auth/session').error(new ProgressEvent('error'));
    await pending;
    await fixture.whenStable();

    const banner = root.querySelector('gg-connection-banner [role="status"]');
    expect(banner?.textContent).toContain('Couldn’t start your session');
    expect(banner?.textContent).toContain('cannot be reached');
    expect(banner?.querySelector('button')?.textContent?.trim()).toBe('Retry');
    expect(navLinks(root)).toHaveLength(3);
  });
});
