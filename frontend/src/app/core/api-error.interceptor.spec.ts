import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';

import { ApiError } from './api-error';
import { apiErrorInterceptor } from './api-error.interceptor';

describe('apiErrorInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([apiErrorInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  /** Starts a GET, lets `respond` answer it, and returns what the caller's observable failed with. */
  async function failureOf(respond: (req: ReturnType<HttpTestingController['expectOne']>) => void, responseType: 'json' | 'blob' = 'json'): Promise<unknown> {
    const call = responseType === 'blob'
      ? firstValueFrom(http.get('/results/t1', { responseType: 'blob' }))
      : firstValueFrom(http.get('/status/t1'));
    respond(backend.expectOne(() => true));
    return call.then(
      () => { throw new Error('expected the request to fail'); },
      (error: unknown) => error,
    );
  }

  it('SEC-4: maps a structured error body to an ApiError with a readable message', async () => {
    const error = await failureOf((req) =>
      req.flush(
        { code: 'session_expired', detail: 'Your session has expired.', user_action: 'Reload the page.', metadata: { expired_at: '2026-01-01T00:00:00Z' } },
        { status: 401, statusText: 'Unauthorized' },
      ),
    );

    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.code).toBe('session_expired');
    expect(apiError.status).toBe(401);
    expect(apiError.detail).toBe('Your session has expired.');
    expect(apiError.userAction).toBe('Reload the page.');
    expect(apiError.metadata).toEqual({ expired_at: '2026-01-01T00:00:00Z' });
    expect(apiError.message).toBe('Your session has expired. Reload the page.');
  });

  it('SEC-4: keeps a structured body without metadata and with an empty user_action', async () => {
    const error = (await failureOf((req) =>
      req.flush({ code: 'rate_limited', detail: 'Too many requests.', user_action: '' }, { status: 429, statusText: 'Too Many Requests' }),
    )) as ApiError;

    expect(error.code).toBe('rate_limited');
    expect(error.metadata).toEqual({});
    expect(error.message).toBe('Too many requests.');
  });

  it('falls back to network_error when the server cannot be reached', async () => {
    const error = (await failureOf((req) => req.error(new ProgressEvent('error')))) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('network_error');
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/cannot be reached/);
    expect(error.userAction).toMatch(/try again/i);
  });

  it('falls back to unexpected_response for a non-JSON body such as a proxy error page', async () => {
    const error = (await failureOf((req) =>
      req.flush('<html><body>502 Bad Gateway</body></html>', { status: 502, statusText: 'Bad Gateway' }),
    )) as ApiError;

    expect(error.code).toBe('unexpected_response');
    expect(error.status).toBe(502);
    expect(error.detail).toContain('HTTP 502');
    expect(error.userAction).toBe('Try again in a moment.');
  });

  it('falls back to unexpected_response for JSON that is not an error body', async () => {
    const error = (await failureOf((req) => req.flush({ message: 'Not Found' }, { status: 404, statusText: 'Not Found' }))) as ApiError;

    expect(error.code).toBe('unexpected_response');
    expect(error.status).toBe(404);
  });

  it('GEN-4: reads a structured error out of a Blob body (media downloads)', async () => {
    const body = new Blob([JSON.stringify({ code: 'result_gone', detail: 'The file was deleted.', user_action: 'Generate it again.' })], {
      type: 'application/json',
    });
    const error = (await failureOf((req) => req.flush(body, { status: 410, statusText: 'Gone' }), 'blob')) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('result_gone');
    expect(error.status).toBe(410);
    expect(error.userAction).toBe('Generate it again.');
  });

  it('lets successful responses through untouched', async () => {
    const call = firstValueFrom(http.get<{ ok: boolean }>('/health'));
    backend.expectOne('/health').flush({ ok: true });

    await expect(call).resolves.toEqual({ ok: true });
  });
});
