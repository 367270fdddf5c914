import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';

import { ApiClient } from './api-client';
import { ApiError } from './api-error';
import type { SessionInfo } from './api-types';

export type SessionState =
  | { readonly status: 'idle' }
  | { readonly status: 'checking' }
  | { readonly status: 'active'; readonly expiresAt: string | null }
  | { readonly status: 'error'; readonly error: ApiError };

/**
 * The browser's generation session (AUTH-2, SC-3): obtained silently at startup — reuse the cookie when
 * it is still valid, otherwise ask the server for a new one. Nobody is ever asked to type a key.
 */
@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly api = inject(ApiClient);
  private readonly stateSignal = signal<SessionState>({ status: 'idle' });
  private inFlight: Promise<SessionState> | null = null;

  readonly state = this.stateSignal.asReadonly();
  readonly active = computed(() => this.state().status === 'active');

  /**
   * Makes sure a valid session cookie exists. Never rejects: a failure is kept in `state` (the shell shows
   * it as a banner with a retry), so the app still starts when the server is down.
   */
  ensureSession(): Promise<SessionState> {
    this.inFlight ??= this.establish().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async establish(): Promise<SessionState> {
    this.stateSignal.set({ status: 'checking' });
    try {
      let session = await firstValueFrom(this.api.getSession());
      if (!isUsable(session)) {
        await firstValueFrom(this.api.createSession());
        // Read it back: confirms the browser kept the cookie (a `Secure` cookie over plain HTTP is
        // dropped) and learns the expiry.
        session = await firstValueFrom(this.api.getSession());
        if (!session.valid) throw cookieRejected();
      }
      this.stateSignal.set({ status: 'active', expiresAt: session.expires_at });
    } catch (error: unknown) {
      const apiError = error instanceof ApiError ? error : ApiError.fromResponse(0, null);
      this.stateSignal.set({ status: 'error', error: apiError });
    }
    return this.stateSignal();
  }
}

function isUsable(session: SessionInfo): boolean {
  return session.valid;
}

function cookieRejected(): ApiError {
  return new ApiError(
    'session_cookie_rejected',
    'The browser did not keep the session cookie.',
    'Allow cookies for this site, or open it over HTTPS.',
    200,
  );
}
