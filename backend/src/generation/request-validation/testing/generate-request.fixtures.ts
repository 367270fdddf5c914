/** Test fixtures shared by the request-validation specs (never imported by production code). */
import { resolve } from 'node:path';
import sharp from 'sharp';
import { DomainError } from '../../../platform/errors/domain-error.js';
import { loadCatalog, type Catalog } from '../../../platform/catalog/index.js';
import type { FieldError } from '../generate-request.types.js';
import { validateGenerateRequest } from '../generate-request.validator.js';

export const REPO_ROOT = resolve(__dirname, '../../../../..');

export function realCatalog(): Catalog {
  return loadCatalog(resolve(REPO_ROOT, 'inference_settings.json'));
}

export async function imageBytes(format: 'png' | 'jpeg' | 'webp' | 'gif', width = 8, height = 8): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } });
  return image.toFormat(format).toBuffer();
}

export function dataUri(bytes: Buffer, mime = 'image/png'): string {
  return `data:${mime};base64,${bytes.toString('base64')}`;
}

/** Images a mode needs, keyed by request field. */
export function imagesFor(mode: string, image: string): Record<string, unknown> {
  switch (mode) {
    case 'i2v':
    case 'img2img':
      return { reference_image: image };
    case 'first_last_frame':
      return { first_frame_image: image, last_frame_image: image };
    case 'arbitrary_frame':
      return { keyframes: [{ frame_index: 40, image }, { frame_index: 0, image, strength: 0.5 }] };
    default:
      return {};
  }
}

/** The FieldErrors of a rejected request; fails the test if the request was accepted. */
export async function fieldErrorsOf(catalog: Catalog, body: unknown): Promise<FieldError[]> {
  const error = await rejectionOf(catalog, body);
  return (error.metadata?.['fields'] ?? []) as FieldError[];
}

export async function rejectionOf(catalog: Catalog, body: unknown): Promise<DomainError> {
  try {
    await validateGenerateRequest(catalog, body);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected a validation_error for ${JSON.stringify(body).slice(0, 200)}`);
}
