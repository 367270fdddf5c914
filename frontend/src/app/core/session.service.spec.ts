import { TestBed } from '@angular/core/testing';
import { Observable, of, throwError } from 'rxjs';

import { ApiClient } from './api-client';
import { ApiError } from './api-error';
import type { SessionInfo } from './api-types';
import { SessionService } from './session.service';

/** A scripted backend: answers GET /auth/session from a queue, counts POSTs. */
class FakeApiClient {
  readonly sessionAnswers: (SessionInfo | ApiError)[] = [];
  getSessionCalls = 0;
  createSessionCalls = 0;
  createSessionError: ApiError | null = null;

  getSession(): Observable<SessionInfo> {
    this.getSessionCalls++;
    const answer = this.sessionAnswers.shift();
    if (!answer) throw new Error('unexpected GET /auth/session');
    return answer instanceof ApiError ? throwError(() => answer) : of(answer);
  }

  createSession(): Observable<void> {
    this.createSessionCalls++;
    if (this.createSessionError) return throwError(() => this.createSessionError);
    this.sessionAnswers.unshift(VALID);
    return of(undefined);
  }
}

const VALID: SessionInfo = { valid: true, active: true, expires_at: '2026-01-02T00:00:00Z' };
const NONE: SessionInfo = { valid: false, active: false, expires_at: null };

describe('SessionService', () => {
  let api: FakeApiClient;
  let session: SessionService;

  beforeEach(() => {
    api = new FakeApiClient();
    TestBed.configureTestingModule({
      providers: [{ provide: ApiClient, useValue: api }],
    });
    session = TestBed.inject(SessionService);
  });

  it('AUTH-2/SC-3: reuses a valid session without creating a new one', async () => {
    api.sessionAnswers.push(VALID);

    const state = await session.ensureSession();

    expect(api.createSessionCalls).toBe(0);
    expect(api.getSessionCalls).toBe(1);
    expect(state).toEqual({ status: 'active', expiresAt: VALID.expires_at });
    expect(session.active()).toBe(true);
  });

  it('AUTH-2/SC-3: creates a session silently when the cookie is missing or expired', async () => {
    api.sessionAnswers.push(NONE);

    const state = await session.ensureSession();

    expect(api.createSessionCalls).toBe(1);
    expect(api.getSessionCalls).toBe(2);
    expect(state).toEqual({ status: 'active', expiresAt: VALID.expires_at });
  });

  it('shares one attempt between concurrent callers', async () => {
    api.sessionAnswers.push(NONE);

    await Promise.all([session.ensureSession(), session.ensureSession()]);

    expect(api.createSessionCalls).toBe(1);
  });

  it('never rejects: an unreachable server becomes an error state', async () => {
    const offline = ApiError.fromResponse(0, null);
    api.sessionAnswers.push(offline);

    const state = await session.ensureSession();

    expect(state).toEqual({ status: 'error', error: offline });
    expect(api.createSessionCalls).toBe(0);
    expect(session.active()).toBe(false);
  });

  it('reports a refused session (e.g. invite mode) without asking for a key', async () => {
    api.sessionAnswers.push(NONE);
    api.createSessionError = new ApiError('forbidden', 'An access code is required.', 'Ask an administrator for one.', 403);

    const state = await session.ensureSession();

    expect(state).toEqual({ status: 'error', error: api.createSessionError });
  });

  it('notices when the browser drops the new cookie', async () => {
    api.sessionAnswers.push(NONE);
    api.createSession = () => {
      api.createSessionCalls++;
      api.sessionAnswers.push(NONE);
      return of(undefined);
    };

    const state = await session.ensureSession();

    expect(state.status).toBe('error');
    expect(state.status === 'error' && state.error.code).toBe('session_cookie_rejected');
  });

  it('a later attempt recovers after a failure', async () => {
    api.sessionAnswers.push(ApiError.fromResponse(0, null));
    await session.ensureSession();

    api.sessionAnswers.push(VALID);
    await session.ensureSession();

    expect(session.state()).toEqual({ status: 'active', expiresAt: VALID.expires_at });
  });
});
