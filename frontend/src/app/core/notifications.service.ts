import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';

import { ApiError } from './api-error';

export interface ErrorNotificationOptions {
  /** When given, the snackbar offers a "Retry" action that calls it. */
  readonly retry?: () => void;
}

/** Short, non-blocking messages at the bottom of the screen. */
@Injectable({ providedIn: 'root' })
export class Notifications {
  private readonly snackBar = inject(MatSnackBar);

  /** Shows an error with what the user can do about it; unknown errors get a generic message. */
  error(error: unknown, options: ErrorNotificationOptions = {}): void {
    const message = error instanceof ApiError ? error.message : 'Something went wrong. Try again.';
    const ref = this.snackBar.open(message, options.retry ? 'Retry' : 'Dismiss', {
      duration: options.retry ? 10_000 : 8_000,
      panelClass: ['gg-snackbar', 'gg-snackbar-error'],
      politeness: 'assertive',
    });
    if (options.retry) {
      const retry = options.retry;
      ref.onAction().subscribe(() => retry());
    }
  }

  info(message: string): void {
    this.snackBar.open(message, 'Dismiss', { duration: 4_000, panelClass: 'gg-snackbar' });
  }
}
