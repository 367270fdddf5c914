import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { catchError, from, map, throwError, type Observable } from 'rxjs';

import { ApiError } from './api-error';

/**
 * Turns every failed HTTP call into an {@link ApiError}, so features handle one error type with a readable
 * message. Blob bodies (media downloads) are read as text first.
 */
export const apiErrorInterceptor: HttpInterceptorFn = (req, next) =>
  next(req).pipe(
    catchError((error: unknown) =>
      error instanceof HttpErrorResponse ? toApiError(error) : throwError(() => error),
    ),
  );

function toApiError(error: HttpErrorResponse): Observable<never> {
  const body: unknown = error.error;
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    return from(readText(body)).pipe(
      map((text) => {
        throw ApiError.fromResponse(error.status, text);
      }),
    );
  }
  return throwError(() => ApiError.fromResponse(error.status, body));
}

/** FileReader rather than `Blob.text()`: same result, and it also exists in jsdom. */
function readText(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => resolve('');
    reader.readAsText(blob);
  });
}
