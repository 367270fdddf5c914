import { DOCUMENT } from '@angular/common';
import { DestroyRef, inject, signal, type Signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';

import { ApiError } from '../../core/api-error';

export interface LiveQueryOptions<T> {
  readonly load: () => Observable<T>;
  /**
   * Milliseconds until the next automatic refresh, decided after each load from the latest value (so a
   * screen can poll faster while something is changing); null or omitted: no automatic refresh.
   */
  readonly every?: (value: T | undefined) => number | null;
}

/** A value read from the server, refreshed on demand and, optionally, on a timer while the page is visible. */
export interface LiveQuery<T> {
  /** The last value that loaded; kept through later failures so the screen does not go blank. */
  readonly value: Signal<T | undefined>;
  /** The error of the last attempt, or null when it succeeded. */
  readonly error: Signal<ApiError | null>;
  readonly loading: Signal<boolean>;
  readonly updatedAt: Signal<Date | null>;
  /** Loads now (cancelling a load in flight) and restarts the timer. */
  refresh(): Promise<void>;
  /** Replaces the value with what an action answered, without waiting for the next poll. */
  set(value: T): void;
}

/**
 * Call in an injection context. Loads at once; one request at a time; stops when the caller is destroyed.
 * While the document is hidden no timer fires; the first moment it is visible again it refreshes.
 */
export function liveQuery<T>(options: LiveQueryOptions<T>): LiveQuery<T> {
  const document = inject(DOCUMENT);
  const value = signal<T | undefined>(undefined);
  const error = signal<ApiError | null>(null);
  const loading = signal(false);
  const updatedAt = signal<Date | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Subscription | undefined;
  let settle: (() => void) | undefined;
  let missedWhileHidden = false;
  let destroyed = false;

  const hidden = () => document.visibilityState === 'hidden';

  const schedule = () => {
    clearTimeout(timer);
    const delay = destroyed ? null : (options.every?.(value()) ?? null);
    if (delay === null) return;
    timer = setTimeout(() => {
      if (hidden()) missedWhileHidden = true;
      else void refresh();
    }, delay);
  };

  const refresh = (): Promise<void> => {
    clearTimeout(timer);
    inFlight?.unsubscribe();
    settle?.();
    if (destroyed) return Promise.resolve();
    loading.set(true);
    return new Promise<void>((resolve) => {
      const done = () => {
        settle = undefined;
        loading.set(false);
        schedule();
        resolve();
      };
      settle = resolve;
      inFlight = options.load().subscribe({
        next: (next) => {
          value.set(next);
          error.set(null);
          updatedAt.set(new Date());
        },
        error: (failure: unknown) => {
          error.set(failure instanceof ApiError ? failure : ApiError.fromResponse(0, null));
          done();
        },
        complete: done,
      });
    });
  };

  const onVisibility = () => {
    if (!hidden() && missedWhileHidden) {
      missedWhileHidden = false;
      void refresh();
    }
  };
  document.addEventListener('visibilitychange', onVisibility);

  inject(DestroyRef).onDestroy(() => {
    destroyed = true;
    clearTimeout(timer);
    inFlight?.unsubscribe();
    settle?.();
    document.removeEventListener('visibilitychange', onVisibility);
  });

  void refresh();

  return {
    value: value.asReadonly(),
    error: error.asReadonly(),
    loading: loading.asReadonly(),
    updatedAt: updatedAt.asReadonly(),
    refresh,
    set: (next) => {
      value.set(next);
      schedule();
    },
  };
}
