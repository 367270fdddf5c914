import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { DomainError } from '../errors/domain-error.js';

/**
 * Validates a JSON body against a class-validator DTO and answers 422 `validation_error` with
 * `metadata.fields: [{field, code, message}]` (the shape POST /generate uses). Unknown fields are refused.
 */
export function validatedBody<T extends object>(dto: ClassConstructor<T>, body: unknown): T {
  const plain = body === undefined || body === null ? {} : body;
  if (typeof plain !== 'object' || Array.isArray(plain)) {
    throw new DomainError('validation_error', 'The body must be a JSON object.', { userAction: 'Send a JSON object (see /docs).', metadata: { fields: [] } });
  }
  const instance = plainToInstance(dto, plain);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const fields = errors.flatMap((error) => flatten(error));
    throw new DomainError('validation_error', fields.map((field) => `${field.field}: ${field.message}`).join('; '), {
      userAction: 'Fix the listed fields and retry.',
      metadata: { fields },
    });
  }
  return instance;
}

function flatten(error: ValidationError, parent = ''): { field: string; code: string; message: string }[] {
  const field = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({ field, code, message }));
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
}
