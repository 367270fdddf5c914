/**
 * Shared set-up for the admin specs: the real admin routes under `/admin`, the HTTP testing backend, no
 * animations. Never imported by production code.
 */
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection, type Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { apiErrorInterceptor } from '../../core/api-error.interceptor';
import { ADMIN_ROUTES } from '../admin.routes';
import { ADMIN_HINT_KEY } from '../shared/admin-session';

@Component({ template: '<p>elsewhere</p>' })
class Elsewhere {}

export interface AdminHarness {
  readonly harness: RouterTestingHarness;
  readonly backend: HttpTestingController;
  readonly router: Router;
  /** Lets timers, promises and lazy chunks run, then renders. */
  settle(rounds?: number): Promise<void>;
  /** Waits (a few seconds at most) until `check` holds, rendering between tries. */
  until(check: () => boolean, what: string): Promise<void>;
  /** Waits for one request matching `url` (path with query) and returns it. */
  request(url: string, method?: string): Promise<TestRequest>;
  root(): HTMLElement;
  dialog(): HTMLElement | null;
  button(label: string, scope?: ParentNode): HTMLButtonElement;
  type(input: HTMLInputElement, value: string): void;
}

/** Starts as a browser that signed in earlier (the hint is set), unless `signedInBefore` is false. */
export async function createAdminHarness(providers: Provider[] = [], signedInBefore = true): Promise<AdminHarness> {
  localStorage.clear();
  sessionStorage.clear();
  if (signedInBefore) localStorage.setItem(ADMIN_HINT_KEY, 'true');
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideRouter([{ path: 'admin', children: ADMIN_ROUTES }, { path: '**', component: Elsewhere }], withComponentInputBinding()),
      provideHttpClient(withInterceptors([apiErrorInterceptor])),
      provideHttpClientTesting(),
      { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ...providers,
    ],
  });
  const backend = TestBed.inject(HttpTestingController);
  const router = TestBed.inject(Router);
  const harness = await RouterTestingHarness.create();

  const settle = async (rounds = 5) => {
    for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    harness.detectChanges();
  };
  const until = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 200; i++) {
      await settle(1);
      if (check()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const request = async (url: string, method = 'GET') => {
    let found: TestRequest | undefined;
    await until(() => {
      found = backend.match((req) => req.method === method && req.urlWithParams === url)[0];
      return found !== undefined;
    }, `${method} ${url}`);
    return found!;
  };
  const root = () => harness.routeNativeElement ?? (harness.fixture.nativeElement as HTMLElement);
  const dialog = () => document.querySelector<HTMLElement>('mat-dialog-container');
  const button = (label: string, scope: ParentNode = document) => {
    const found = Array.from(scope.querySelectorAll<HTMLButtonElement>('button')).find(
      (b) => b.textContent?.replace(/\s+/g, ' ').trim() === label || b.getAttribute('aria-label') === label,
    );
    if (!found) throw new Error(`no button "${label}"`);
    return found;
  };
  const type = (input: HTMLInputElement, value: string) => {
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  };
  return { harness, backend, router, settle, until, request, root, dialog, button, type };
}

/** Empties the overlay container between tests (dialogs, menus, snackbars live there). */
export function clearOverlays(): void {
  document.querySelectorAll('.cdk-overlay-container').forEach((el) => (el.innerHTML = ''));
}
