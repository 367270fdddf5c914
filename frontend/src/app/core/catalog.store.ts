import { Injectable, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { FieldSpec, InferenceSettings, ModelSpec } from '@gg/contracts/settings';
import { resolveModelFields } from '@gg/contracts/settings';
import { map } from 'rxjs';

import { ApiClient } from './api-client';
import { ApiError } from './api-error';

/**
 * The model catalog (`GET /models` → `catalog`, the whole `inference_settings.json`), loaded once and
 * shared: the generation form is built from it (CAT-3) and the gallery and task views take labels from it.
 */
@Injectable({ providedIn: 'root' })
export class CatalogStore {
  private readonly api = inject(ApiClient);

  private readonly resource = rxResource({
    stream: () =>
      this.api.models().pipe(
        map((response) => {
          if (!isCatalog(response.catalog)) throw missingCatalog();
          return response.catalog;
        }),
      ),
  });

  readonly catalog = computed<InferenceSettings | undefined>(() =>
    this.resource.hasValue() ? this.resource.value() : undefined,
  );
  readonly loading = computed(() => this.resource.isLoading());
  readonly error = computed<ApiError | null>(() => {
    const error = this.resource.error();
    if (!error) return null;
    return error instanceof ApiError ? error : ApiError.fromResponse(0, null);
  });
  readonly models = computed<readonly ModelSpec[]>(() => this.catalog()?.models ?? []);

  reload(): void {
    this.resource.reload();
  }

  model(id: string): ModelSpec | undefined {
    return this.models().find((model) => model.id === id || model.aliases.includes(id));
  }

  /** Every field of a model (common fields with its overrides, then its parameters). */
  fields(model: ModelSpec): Record<string, FieldSpec> {
    const catalog = this.catalog();
    return catalog ? resolveModelFields(catalog, model) : { ...model.parameters };
  }

  /** A readable label for a request field of a model, falling back to the key itself. */
  fieldLabel(modelId: string, field: string): string {
    const model = this.model(modelId);
    const spec = model ? this.fields(model)[field] : this.catalog()?.common.fields[field];
    return spec?.label ?? field;
  }

  modeLabel(modelId: string, mode: string): string {
    return this.model(modelId)?.modes.find((m) => m.id === mode)?.label ?? mode;
  }
}

function isCatalog(value: unknown): value is InferenceSettings {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<InferenceSettings>;
  return Array.isArray(candidate.models) && typeof candidate.common === 'object' && candidate.common !== null;
}

function missingCatalog(): ApiError {
  return new ApiError(
    'catalog_missing',
    'The server did not send the model catalog.',
    'Update the server; GET /models must include "catalog".',
    200,
  );
}
