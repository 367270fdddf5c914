import type { FieldValue } from '@gg/contracts/settings';

import type { GenerateRequest, KeyframeInput, ValidationFieldError } from '../../core/api-types';
import type { Draft } from './draft';
import type { FieldView } from './form-fields';

/**
 * The `POST /generate` body for a draft: the model, the mode, and exactly the fields on screen (the
 * server rejects a field the mode does not use). Images go as data URIs.
 */
export function buildRequest(modelId: string, draft: Draft, views: readonly FieldView[]): GenerateRequest {
  const body: Record<string, FieldValue | readonly KeyframeInput[]> = { model: modelId, mode: draft.mode };
  for (const view of views) {
    switch (view.kind) {
      case 'numeric':
        body[view.name] = view.spec.fixed ? view.spec.default : (draft.values[view.name] as number);
        break;
      case 'string': {
        const value = String(draft.values[view.name] ?? '');
        body[view.name] = view.spec.trim ? value.trim() : value;
        break;
      }
      case 'image': {
        const image = draft.images[view.name];
        if (image) body[view.name] = image.dataUri;
        break;
      }
      case 'keyframes':
        body[view.name] = (draft.keyframes[view.name] ?? []).map((row) => ({
          frame_index: row.frame_index,
          image: row.image?.dataUri ?? '',
          strength: row.strength,
        }));
        break;
    }
  }
  return body as unknown as GenerateRequest;
}

export interface MappedServerErrors {
  /** Messages for controls on screen, by request key. */
  readonly fields: Readonly<Record<string, string>>;
  /** Messages that belong to no control (model, mode, the body, a field no longer shown). */
  readonly general: readonly string[];
}

/** Places a 422's `metadata.fields[]` on the matching controls; the field names are the body keys. */
export function mapServerErrors(errors: readonly ValidationFieldError[], views: readonly FieldView[]): MappedServerErrors {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  const names = new Set(views.map((view) => view.name));
  for (const error of errors) {
    const root = error.field.replace(/\[.*$/, '');
    if (names.has(root) && !fields[error.field]) fields[error.field] = sentence(error.message);
    else general.push(sentence(error.message));
  }
  return { fields, general };
}

/** Reads `metadata.fields` of a `validation_error` defensively (it is whatever the server sent). */
export function validationFieldErrors(metadata: Readonly<Record<string, unknown>>): ValidationFieldError[] {
  const list = metadata['fields'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { field, code, message } = item as Record<string, unknown>;
    return typeof field === 'string' && typeof message === 'string'
      ? [{ field, code: typeof code === 'string' ? code : '', message }]
      : [];
  });
}

function sentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  return `${text[0]!.toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}
