import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { API_BASE_URL } from './api-base-url';
import { ApiClient } from './api-client';

describe('ApiClient', () => {
  let backend: HttpTestingController;

  function setUp(baseUrl?: string): ApiClient {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        ...(baseUrl === undefined ? [] : [{ provide: API_BASE_URL, useValue: baseUrl }]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    return TestBed.inject(ApiClient);
  }

  afterEach(() => backend.verify());

  it('COMPAT: calls same-origin relative paths with credentials', async () => {
    const api = setUp();

    const health = firstValueFrom(api.health());
    const healthReq = backend.expectOne({ method: 'GET', url: '/health' });
    expect(healthReq.request.withCredentials).toBe(true);
    healthReq.flush({ ok: true });
    await expect(health).resolves.toEqual({ ok: true });

    const models = firstValueFrom(api.models());
    const modelsReq = backend.expectOne({ method: 'GET', url: '/models' });
    expect(modelsReq.request.withCredentials).toBe(true);
    modelsReq.flush({ models: [{ id: 'flux', name: 'Flux', type: 'image', modes: ['txt2img'], parameters_schema: {} }] });
    expect((await models).models[0]?.id).toBe('flux');
  });

  it('AUTH-2: creates a session with POST /auth/session (204) and reads it with GET', async () => {
    const api = setUp();

    const created = firstValueFrom(api.createSession());
    const post = backend.expectOne({ method: 'POST', url: '/auth/session' });
    expect(post.request.withCredentials).toBe(true);
    post.flush(null, { status: 204, statusText: 'No Content' });
    await expect(created).resolves.toBeUndefined();

    const session = firstValueFrom(api.getSession());
    backend.expectOne({ method: 'GET', url: '/auth/session' }).flush({ valid: true, active: true, expires_at: '2026-01-02T00:00:00Z' });
    await expect(session).resolves.toEqual({ valid: true, active: true, expires_at: '2026-01-02T00:00:00Z' });
  });

  it('prefixes paths with API_BASE_URL when one is provided', async () => {
    const api = setUp('/api');

    const health = firstValueFrom(api.health());
    backend.expectOne('/api/health').flush({ ok: true });
    await health;
  });
});
