import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { map, type Observable } from 'rxjs';

import { API_BASE_URL } from './api-base-url';
import type { HealthResponse, ModelsResponse, SessionInfo } from './api-types';

/**
 * Typed access to the Gooni Gooni HTTP API on the same origin. Every call sends cookies (`gg_session`)
 * and fails with an `ApiError` (see `apiErrorInterceptor`).
 */
@Injectable({ providedIn: 'root' })
export class ApiClient {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  /** `GET /health` — liveness, no auth. */
  health(): Observable<HealthResponse> {
    return this.http.get<HealthResponse>(this.url('/health'), { withCredentials: true });
  }

  /** `GET /models` — the model catalog the generation form is built from (CAT-3). */
  models(): Observable<ModelsResponse> {
    return this.http.get<ModelsResponse>(this.url('/models'), { withCredentials: true });
  }

  /** `POST /auth/session` — issues the `gg_session` cookie; answers 204 (AUTH-2). */
  createSession(): Observable<void> {
    return this.http
      .post(this.url('/auth/session'), null, { withCredentials: true, observe: 'response' })
      .pipe(map(() => undefined));
  }

  /** `GET /auth/session` — whether the current cookie is a valid session, and until when (AUTH-2). */
  getSession(): Observable<SessionInfo> {
    return this.http.get<SessionInfo>(this.url('/auth/session'), { withCredentials: true });
  }

  private url(path: `/${string}`): string {
    return `${this.baseUrl}${path}`;
  }
}
