import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

import { ApiError } from '../../core/api-error';

/** Rejects text that is only spaces (the server trims). */
export const notBlankValidator: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null =>
  typeof control.value === 'string' && control.value.length > 0 && control.value.trim().length === 0 ? { required: true } : null;

export interface ServerFieldError {
  readonly field: string;
  readonly message: string;
}

/** The per-field problems of a 422 `validation_error` (`metadata.fields`), or none. */
export function serverFieldErrors(error: unknown): ServerFieldError[] {
  if (!(error instanceof ApiError) || error.code !== 'validation_error') return [];
  const fields = error.metadata['fields'];
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { field, message } = entry as Record<string, unknown>;
    return typeof field === 'string' ? [{ field, message: typeof message === 'string' ? message : 'Not accepted by the server.' }] : [];
  });
}
