import { DomainError } from '../../platform/errors/domain-error.js';
import type { FieldError, FieldErrorCode } from './generate-request.types.js';

/** Collects every field error of one request so the client can fix them all in one round trip. */
export class FieldErrorCollector {
  private readonly errors: FieldError[] = [];

  add(field: string, code: FieldErrorCode, message: string): void {
    this.errors.push({ field, code, message });
  }

  get list(): readonly FieldError[] {
    return this.errors;
  }

  hasErrorFor(field: string): boolean {
    return this.errors.some((error) => error.field === field);
  }

  throwIfAny(): void {
    if (this.errors.length === 0) return;
    const fields = [...new Set(this.errors.map((error) => error.field))];
    throw new DomainError('validation_error', `Request validation failed: ${this.summary(fields)}.`, {
      userAction: 'Fix the listed fields and retry; GET /models lists every model, mode and accepted range.',
      metadata: { fields: this.errors.map((error) => ({ ...error })) },
    });
  }

  private summary(fields: readonly string[]): string {
    if (this.errors.length === 1) return this.errors[0]!.message;
    return `${this.errors.length} problems in ${fields.join(', ')}`;
  }
}
