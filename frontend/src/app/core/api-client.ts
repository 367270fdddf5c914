import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { map, type Observable } from 'rxjs';

import { API_BASE_URL } from './api-base-url';
import type {
  DeleteGalleryResponse,
  GalleryPage,
  GalleryQuery,
  GenerateRequest,
  GenerateResponse,
  HealthResponse,
  ModelsResponse,
  RetryResponse,
  SessionInfo,
  StatusDocument,
} from './api-types';

/**
 * Typed access to the Gooni Gooni HTTP API on the same origin (`specs/http-api.md`). Every call sends
 * cookies (`gg_session`) and fails with an `ApiError` (see `apiErrorInterceptor`).
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

  /**
   * `POST /generate` — submits a task and answers its id at once (GEN-1). The same `idempotencyKey` and
   * body never create a second task, so a double click or a resent request is harmless.
   */
  generate(body: GenerateRequest, idempotencyKey?: string): Observable<GenerateResponse> {
    const headers = idempotencyKey ? new HttpHeaders({ 'Idempotency-Key': idempotencyKey }) : undefined;
    return this.http.post<GenerateResponse>(this.url('/generate'), body, { withCredentials: true, headers });
  }

  /** `GET /status/{id}` — status, progress, stage, error, result links and timings (GEN-3). */
  status(taskId: string): Observable<StatusDocument> {
    return this.http.get<StatusDocument>(this.url(`/status/${encodeURIComponent(taskId)}`), { withCredentials: true });
  }

  /** URL of `GET /status/{id}/stream`, the Server-Sent Events feed for `EventSource` (GEN-3). */
  statusStreamUrl(taskId: string): string {
    return this.url(`/status/${encodeURIComponent(taskId)}/stream`);
  }

  /** `POST /tasks/{id}/cancel` — answers the status document, now `canceled` (GEN-5). */
  cancelTask(taskId: string): Observable<StatusDocument> {
    return this.http.post<StatusDocument>(this.url(`/tasks/${encodeURIComponent(taskId)}/cancel`), null, {
      withCredentials: true,
    });
  }

  /** `POST /tasks/{id}/retry` — a new task with the same parameters, linked to the old one (GEN-5). */
  retryTask(taskId: string): Observable<RetryResponse> {
    return this.http.post<RetryResponse>(this.url(`/tasks/${encodeURIComponent(taskId)}/retry`), null, {
      withCredentials: true,
    });
  }

  /** `GET /gallery` — finished outputs, newest first, one page (GAL-1). */
  gallery(query: GalleryQuery): Observable<GalleryPage> {
    return this.http.get<GalleryPage>(this.url('/gallery'), { withCredentials: true, params: galleryParams(query) });
  }

  /** `DELETE /gallery/{id}` — removes the files and hides the item (GAL-2). */
  deleteGalleryItem(id: string): Observable<DeleteGalleryResponse> {
    return this.http.delete<DeleteGalleryResponse>(this.url(`/gallery/${encodeURIComponent(id)}`), { withCredentials: true });
  }

  /**
   * A link the server returned (`result_url`, `preview_url`) made usable by the browser: server-relative
   * paths get the API prefix, absolute URLs stay as they are.
   */
  mediaUrl(link: string): string {
    return link.startsWith('/') && !link.startsWith('//') ? `${this.baseUrl}${link}` : link;
  }

  /** The `?download=1` variant of a media link (`Content-Disposition: attachment`). */
  downloadUrl(link: string): string {
    const url = this.mediaUrl(link);
    return `${url}${url.includes('?') ? '&' : '?'}download=1`;
  }

  private url(path: `/${string}`): string {
    return `${this.baseUrl}${path}`;
  }
}

/** `GET /gallery` parameters: page and size always, filters only when set. */
export function galleryParams(query: GalleryQuery): HttpParams {
  let params = new HttpParams().set('page', query.page).set('per_page', query.per_page);
  if (query.model) params = params.set('model', query.model);
  if (query.type) params = params.set('type', query.type);
  if (query.owner) params = params.set('owner', query.owner);
  if (query.sort) params = params.set('sort', query.sort);
  return params;
}
