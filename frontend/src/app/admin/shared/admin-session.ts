import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { ApiError } from '../../core/api-error';
import { BrowserStorage } from '../../core/browser-storage';
import { AdminApi, isSessionLost } from './admin-api';
import type { AdminSessionInfo } from './admin-api.types';

export type AdminSessionStatus = 'unknown' | 'active' | 'signed-out';

export const ADMIN_LOGIN_PATH = '/admin/login';
/**
 * "This browser signed in and has not signed out": a boolean, never a credential. Without it there is no
 * admin cookie to ask about, so a first visit goes straight to the login page — no 401 in the console and
 * no "denied" entry in the audit trail for someone who simply has not signed in yet.
 */
export const ADMIN_HINT_KEY = 'gg.admin.signedIn';
export const ADMIN_HOME_PATH = '/admin';

/**
 * Whether this browser holds a live admin session (AUTH-4). The session itself is the HttpOnly
 * `gg_admin_session` cookie, which scripts cannot read: the answer comes from `GET /admin/session`,
 * and from any admin call refused with 401 — then the admin is sent to the login page with the reason
 * and comes back to the same screen after signing in again.
 */
@Injectable({ providedIn: 'root' })
export class AdminSession {
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  private readonly storage = inject(BrowserStorage);
  private readonly statusSignal = signal<AdminSessionStatus>('unknown');
  private readonly infoSignal = signal<AdminSessionInfo | null>(null);
  private readonly noticeSignal = signal<string | null>(null);
  private redirecting = false;

  readonly status = this.statusSignal.asReadonly();
  readonly info = this.infoSignal.asReadonly();
  /** Why the admin landed on the login page (session expired, server unreachable), or null. */
  readonly notice = this.noticeSignal.asReadonly();

  constructor() {
    this.api.sessionLost.pipe(takeUntilDestroyed()).subscribe((error) => this.lost(error));
  }

  /**
   * True when a session is live. Asks the server unless this tab already knows it is signed in (a later
   * 401 on any call corrects that). Never rejects: an unreachable server means "not now", with a notice.
   */
  async ensureActive(): Promise<boolean> {
    if (this.statusSignal() === 'active') return true;
    return this.check();
  }

  /** Asks the server (`GET /admin/session`) — unless this browser never signed in. */
  async check(): Promise<boolean> {
    if (this.storage.read(ADMIN_HINT_KEY) !== true) {
      this.signedOut();
      return false;
    }
    try {
      const info = await firstValueFrom(this.api.session());
      this.infoSignal.set(info);
      this.statusSignal.set(info.active ? 'active' : 'signed-out');
      if (!info.active) this.storage.remove(ADMIN_HINT_KEY);
      return info.active;
    } catch (error: unknown) {
      if (isSessionLost(error)) {
        this.signedOut();
        this.noticeSignal.set(expiryNotice(error));
      } else {
        this.statusSignal.set('signed-out');
        this.infoSignal.set(null);
        this.noticeSignal.set(describe(error, 'The admin session could not be checked.'));
      }
      return false;
    }
  }

  /** Opens a session with the admin key; the key goes into one request header and nowhere else. */
  async login(adminKey: string): Promise<void> {
    await firstValueFrom(this.api.login(adminKey));
    this.storage.write(ADMIN_HINT_KEY, true);
    this.noticeSignal.set(null);
    this.statusSignal.set('active');
    // Learn the idle timeout; a failure here does not undo the login.
    try {
      this.infoSignal.set(await firstValueFrom(this.api.session()));
    } catch {
      this.infoSignal.set(null);
    }
  }

  /** Ends the session on the server (`DELETE /admin/session`), then shows the login page. */
  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.api.logout());
    } catch (error: unknown) {
      // Already gone is fine: the goal was to be signed out.
      if (!isSessionLost(error)) throw error;
    }
    this.signedOut();
    this.noticeSignal.set('You are signed out.');
    await this.router.navigateByUrl(ADMIN_LOGIN_PATH);
  }

  clearNotice(): void {
    this.noticeSignal.set(null);
  }

  private signedOut(): void {
    this.statusSignal.set('signed-out');
    this.infoSignal.set(null);
    this.storage.remove(ADMIN_HINT_KEY);
  }

  private lost(error: ApiError): void {
    this.signedOut();
    if (this.redirecting) return;
    this.noticeSignal.set(expiryNotice(error));
    const here = this.router.currentNavigation()?.finalUrl?.toString() ?? this.router.url;
    const returnUrl = safeReturnUrl(here);
    this.redirecting = true;
    void this.router
      .navigate([ADMIN_LOGIN_PATH], { queryParams: returnUrl ? { returnUrl } : {} })
      .finally(() => (this.redirecting = false));
  }
}

/** The admin URL to come back to after signing in, or null for anything else (no open redirect). */
export function safeReturnUrl(url: string | null | undefined): string | null {
  if (!url || !url.startsWith('/admin')) return null;
  if (url.startsWith(ADMIN_LOGIN_PATH)) return null;
  const next = url.charAt('/admin'.length);
  return next === '' || next === '/' || next === '?' || next === '#' ? url : null;
}

function expiryNotice(error: ApiError): string {
  const reason = typeof error.metadata['reason'] === 'string' ? error.metadata['reason'] : '';
  switch (reason) {
    case 'idle_timeout':
      return 'Your admin session expired after 30 minutes without activity. Sign in again to continue.';
    case 'expired':
      return 'Your admin session reached its 12-hour limit and expired. Sign in again to continue.';
    case 'admin_key_rotated':
      return 'The admin key was changed, which ended your admin session. Sign in with the new key.';
    case 'revoked':
      return 'Your admin session was ended (signed out elsewhere). Sign in again to continue.';
    default:
      return 'Your admin session expired. Sign in again to continue.';
  }
}

function describe(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}
