import { HttpClient, HttpHeaders, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Subject, catchError, map, throwError, type Observable } from 'rxjs';

import { API_BASE_URL } from '../../core/api-base-url';
import { ApiError } from '../../core/api-error';
import type {
  AccessCodeInfo,
  AccountAction,
  AccountsResponse,
  AdminHealth,
  AdminSessionInfo,
  ApiKeyInfo,
  AuditPage,
  AuditQuery,
  IssueAccessCodeRequest,
  IssueApiKeyRequest,
  IssuedAccessCode,
  IssuedApiKey,
  NewAccount,
  RotateApiKeyRequest,
  RotatedApiKey,
  TaskTimeline,
  VerificationReport,
  WorkerAccount,
} from './admin-api.types';

/** The codes that mean "this browser has no (more) admin session" (AUTH-4, AUTH-5). */
const SESSION_LOST_CODES: ReadonlySet<string> = new Set(['admin_session_required', 'session_expired']);

export function isSessionLost(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 401 && SESSION_LOST_CODES.has(error.code);
}

/**
 * Typed access to the admin routes (`/admin/*`, `specs/http-api.md`) on the same origin, with the
 * `gg_admin_session` cookie. Kept in the admin feature so its code loads with the admin area only.
 *
 * Every call except the session ones reports a lost session on {@link sessionLost} (and still fails), so
 * one place can send the admin back to the login page whatever screen they are on.
 */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);
  private readonly baseUrl = inject(API_BASE_URL);

  /** Emits the error of any admin call that was refused for want of a live admin session. */
  readonly sessionLost = new Subject<ApiError>();

  // ── session (AUTH-4) ──

  /**
   * `POST /admin/session` with the key in the `X-Admin-Key` header only (never the URL or the body);
   * answers 204 and sets the HttpOnly `gg_admin_session` cookie. The key is not kept anywhere.
   */
  login(adminKey: string): Observable<void> {
    const headers = new HttpHeaders({ 'X-Admin-Key': adminKey });
    return this.http.post(this.url('/admin/session'), null, { headers, withCredentials: true, responseType: 'text' }).pipe(map(() => undefined));
  }

  /** `GET /admin/session` — 200 while a session is live, 401 `admin_session_required` otherwise. */
  session(): Observable<AdminSessionInfo> {
    return this.http.get<AdminSessionInfo>(this.url('/admin/session'), { withCredentials: true });
  }

  /** `DELETE /admin/session` — 204; admin routes answer 401 afterwards. */
  logout(): Observable<void> {
    return this.http.delete(this.url('/admin/session'), { withCredentials: true, responseType: 'text' }).pipe(map(() => undefined));
  }

  // ── health and worker accounts (ADM-1..5) ──

  health(): Observable<AdminHealth> {
    return this.get<AdminHealth>('/admin/health');
  }

  accounts(): Observable<AccountsResponse> {
    return this.get<AccountsResponse>('/admin/accounts');
  }

  createAccount(body: NewAccount): Observable<WorkerAccount> {
    return this.watch(this.http.post<WorkerAccount>(this.url('/admin/accounts'), body, { withCredentials: true }));
  }

  /** `POST /admin/accounts/{id}/{deploy|health-check|enable|disable}` → the account after the change. */
  accountAction(id: string, action: AccountAction): Observable<WorkerAccount> {
    return this.watch(this.http.post<WorkerAccount>(this.url(`/admin/accounts/${encodeURIComponent(id)}/${action}`), null, { withCredentials: true }));
  }

  setBudget(id: string, monthlyBudgetUsd: number | null): Observable<WorkerAccount> {
    const body = { monthly_budget_usd: monthlyBudgetUsd };
    return this.watch(this.http.post<WorkerAccount>(this.url(`/admin/accounts/${encodeURIComponent(id)}/budget`), body, { withCredentials: true }));
  }

  deleteAccount(id: string): Observable<{ deleted: true; id: string }> {
    return this.watch(this.http.delete<{ deleted: true; id: string }>(this.url(`/admin/accounts/${encodeURIComponent(id)}`), { withCredentials: true }));
  }

  // ── API keys and access codes (AUTH-3, AUTH-2) ──

  apiKeys(): Observable<{ keys: readonly ApiKeyInfo[] }> {
    return this.get('/admin/api-keys');
  }

  issueApiKey(body: IssueApiKeyRequest): Observable<IssuedApiKey> {
    return this.watch(this.http.post<IssuedApiKey>(this.url('/admin/api-keys'), body, { withCredentials: true }));
  }

  rotateApiKey(id: string, body: RotateApiKeyRequest): Observable<RotatedApiKey> {
    return this.watch(this.http.post<RotatedApiKey>(this.url(`/admin/api-keys/${encodeURIComponent(id)}/rotate`), body, { withCredentials: true }));
  }

  revokeApiKey(id: string): Observable<{ revoked: true; id: string }> {
    return this.watch(this.http.delete<{ revoked: true; id: string }>(this.url(`/admin/api-keys/${encodeURIComponent(id)}`), { withCredentials: true }));
  }

  accessCodes(): Observable<{ codes: readonly AccessCodeInfo[] }> {
    return this.get('/admin/access-codes');
  }

  issueAccessCode(body: IssueAccessCodeRequest): Observable<IssuedAccessCode> {
    return this.watch(this.http.post<IssuedAccessCode>(this.url('/admin/access-codes'), body, { withCredentials: true }));
  }

  revokeAccessCode(id: string): Observable<{ revoked: true; id: string }> {
    return this.watch(this.http.delete<{ revoked: true; id: string }>(this.url(`/admin/access-codes/${encodeURIComponent(id)}`), { withCredentials: true }));
  }

  // ── audit and replay (AUD-2..4) ──

  audit(query: AuditQuery): Observable<AuditPage> {
    return this.get<AuditPage>('/admin/audit', auditParams(query));
  }

  verifyLog(): Observable<VerificationReport> {
    return this.get<VerificationReport>('/admin/audit/verify');
  }

  taskEvents(taskId: string): Observable<TaskTimeline> {
    return this.get<TaskTimeline>(`/admin/tasks/${encodeURIComponent(taskId)}/events`);
  }

  private get<T>(path: `/${string}`, params?: HttpParams): Observable<T> {
    return this.watch(this.http.get<T>(this.url(path), { withCredentials: true, params }));
  }

  private watch<T>(request: Observable<T>): Observable<T> {
    return request.pipe(
      catchError((error: unknown) => {
        if (isSessionLost(error)) this.sessionLost.next(error);
        return throwError(() => error);
      }),
    );
  }

  private url(path: `/${string}`): string {
    return `${this.baseUrl}${path}`;
  }
}

/** `GET /admin/audit` parameters in a fixed order; empty filters are left out. */
export function auditParams(query: AuditQuery): HttpParams {
  let params = new HttpParams();
  for (const key of ['actor', 'action', 'target', 'outcome', 'from', 'to', 'cursor'] as const) {
    const value = query[key]?.trim();
    if (value) params = params.set(key, value);
  }
  if (query.limit !== undefined) params = params.set('limit', query.limit);
  return params;
}
