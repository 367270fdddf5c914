import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable, catchError, exhaustMap, map, of, timer, type Subscription } from 'rxjs';

import { ApiClient } from '../core/api-client';
import { ApiError } from '../core/api-error';
import { isTerminal, type StatusDocument } from '../core/api-types';

/** How the page is kept up to date: the SSE stream, or polling after the stream failed. */
export type WatchChannel = 'stream' | 'poll';

export type WatchEvent =
  | { readonly kind: 'status'; readonly status: StatusDocument; readonly channel: WatchChannel }
  /** `fatal`: the task cannot be watched (404); otherwise polling goes on and may recover. */
  | { readonly kind: 'error'; readonly error: ApiError; readonly fatal: boolean };

/** Opens the SSE connection; replaced in tests. `null` when the browser has no EventSource. */
export const EVENT_SOURCE_FACTORY = new InjectionToken<((url: string) => EventSource) | null>('EVENT_SOURCE_FACTORY', {
  providedIn: 'root',
  factory: () => (typeof EventSource === 'undefined' ? null : (url: string) => new EventSource(url, { withCredentials: true })),
});

/** Polling interval when the stream is not available (GEN-3 fallback). */
export const STATUS_POLL_INTERVAL_MS = new InjectionToken<number>('STATUS_POLL_INTERVAL_MS', {
  providedIn: 'root',
  factory: () => 1500,
});

const FATAL_CODES = ['task_not_found'];

/**
 * Live status of one task (GEN-3): `EventSource('/status/{id}/stream')` (named event `status`), falling
 * back to `GET /status/{id}` every 1.5 s when the stream errors. Completes after a terminal status.
 */
@Injectable({ providedIn: 'root' })
export class TaskWatcher {
  private readonly api = inject(ApiClient);
  private readonly openStream = inject(EVENT_SOURCE_FACTORY);
  private readonly pollInterval = inject(STATUS_POLL_INTERVAL_MS);

  watch(taskId: string): Observable<WatchEvent> {
    return new Observable<WatchEvent>((subscriber) => {
      let source: EventSource | null = null;
      let polling: Subscription | null = null;

      const stop = () => {
        source?.close();
        source = null;
        polling?.unsubscribe();
        polling = null;
      };
      const deliver = (status: StatusDocument, channel: WatchChannel) => {
        subscriber.next({ kind: 'status', status, channel });
        if (isTerminal(status.status)) {
          stop();
          subscriber.complete();
        }
      };
      const poll = () => {
        source?.close();
        source = null;
        if (polling) return;
        polling = timer(0, this.pollInterval)
          .pipe(
            exhaustMap(() =>
              this.api.status(taskId).pipe(
                map((status) => ({ status })),
                catchError((error: unknown) => of({ error: error instanceof ApiError ? error : ApiError.fromResponse(0, null) })),
              ),
            ),
          )
          .subscribe((answer) => {
            if ('status' in answer) return deliver(answer.status, 'poll');
            const fatal = FATAL_CODES.includes(answer.error.code) || answer.error.status === 404;
            subscriber.next({ kind: 'error', error: answer.error, fatal });
            if (fatal) {
              stop();
              subscriber.complete();
            }
          });
      };

      if (!this.openStream) {
        poll();
      } else {
        try {
          source = this.openStream(this.api.statusStreamUrl(taskId));
          source.addEventListener('status', (event) => {
            const status = parse((event as MessageEvent<string>).data);
            if (status) deliver(status, 'stream');
          });
          // EventSource would reconnect by itself, but an error before the first event is often a 404 or
          // a proxy that does not stream; polling answers both.
          source.onerror = () => {
            if (!subscriber.closed) poll();
          };
        } catch {
          poll();
        }
      }
      return stop;
    });
  }
}

function parse(data: string): StatusDocument | null {
  try {
    const value = JSON.parse(data) as StatusDocument;
    return typeof value === 'object' && value !== null && typeof value.status === 'string' ? value : null;
  } catch {
    return null;
  }
}
