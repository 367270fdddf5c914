import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { API_BASE_URL } from './api-base-url';
import { ApiClient, galleryParams } from './api-client';

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

  it('GEN-1: posts /generate with the Idempotency-Key header', async () => {
    const api = setUp();
    const answer = firstValueFrom(api.generate({ model: 'flux', mode: 'txt2img', prompt: 'a fox' }, 'key-1'));
    const req = backend.expectOne({ method: 'POST', url: '/generate' });
    expect(req.request.headers.get('Idempotency-Key')).toBe('key-1');
    expect(req.request.body).toEqual({ model: 'flux', mode: 'txt2img', prompt: 'a fox' });
    expect(req.request.withCredentials).toBe(true);
    req.flush({ task_id: 't1', status: 'pending', seed: 5, adjustments: [] });
    expect((await answer).task_id).toBe('t1');
  });

  it('GEN-3, GEN-5: status, stream URL, cancel and retry use the task id escaped', async () => {
    const api = setUp();
    void firstValueFrom(api.status('a/b'));
    backend.expectOne({ method: 'GET', url: '/status/a%2Fb' }).flush({});
    expect(api.statusStreamUrl('t1')).toBe('/status/t1/stream');
    void firstValueFrom(api.cancelTask('t1'));
    backend.expectOne({ method: 'POST', url: '/tasks/t1/cancel' }).flush({});
    const retried = firstValueFrom(api.retryTask('t1'));
    backend.expectOne({ method: 'POST', url: '/tasks/t1/retry' }).flush({ task_id: 't2', status: 'pending', retry_of: 't1' });
    expect((await retried).task_id).toBe('t2');
  });

  it('GAL-1, GAL-2: lists the gallery with its query and deletes an item', async () => {
    const api = setUp();
    void firstValueFrom(api.gallery({ page: 2, per_page: 24, model: 'flux', owner: 'me' }));
    backend.expectOne({ method: 'GET', url: '/gallery?page=2&per_page=24&model=flux&owner=me' }).flush({ items: [], total: 0, page: 2, per_page: 24, has_more: false });
    const deleted = firstValueFrom(api.deleteGalleryItem('t1'));
    backend.expectOne({ method: 'DELETE', url: '/gallery/t1' }).flush({ deleted: true, id: 't1' });
    expect(await deleted).toEqual({ deleted: true, id: 't1' });
  });

  it('leaves empty gallery filters out of the query', () => {
    expect(galleryParams({ page: 1, per_page: 20 }).toString()).toBe('page=1&per_page=20');
    expect(galleryParams({ page: 3, per_page: 20, type: 'video', sort: 'model' }).toString()).toBe('page=3&per_page=20&type=video&sort=model');
  });

  it('GEN-4: prefixes media links with the API base and builds the download link', () => {
    const api = setUp('/api');
    expect(api.mediaUrl('/results/t1')).toBe('/api/results/t1');
    expect(api.mediaUrl('https://cdn.example/x.png')).toBe('https://cdn.example/x.png');
    expect(api.downloadUrl('/results/t1')).toBe('/api/results/t1?download=1');
    expect(api.downloadUrl('https://cdn.example/x.png?sig=1')).toBe('https://cdn.example/x.png?sig=1&download=1');
  });
});
