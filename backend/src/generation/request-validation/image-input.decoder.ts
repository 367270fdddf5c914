import sharp from 'sharp';
import type { ImageInputLimits } from '../../../../contracts/settings/inference-settings.js';
import type { FieldErrorCollector } from './field-error.collector.js';
import type { ImageMime } from './generate-request.types.js';

export interface DecodedImage {
  mime: ImageMime;
  width: number;
  height: number;
  bytes: Buffer;
}

type ImageFormat = ImageInputLimits['formats'][number];

const MIME_BY_FORMAT: Readonly<Record<ImageFormat, ImageMime>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};
const DATA_URI = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const MB = 1024 * 1024;

/**
 * Turns a data URI or raw base64 string into a checked image (CAT-3): real PNG/JPEG/WebP by magic
 * bytes, fully decodable by sharp (a right header over a garbage or truncated body is refused), within the
 * catalog's size and dimension limits. Problems are collected under `field`; undefined means rejected.
 */
export async function decodeImageInput(
  field: string,
  raw: unknown,
  limits: ImageInputLimits,
  errors: FieldErrorCollector,
): Promise<DecodedImage | undefined> {
  if (typeof raw !== 'string') {
    errors.add(field, 'wrong_type', `${field} must be a data URI or a base64 string`);
    return undefined;
  }
  const payload = extractBase64(field, raw, errors);
  if (payload === undefined) return undefined;
  // Size is judged before decoding so an oversized upload never gets a second copy in memory.
  const estimated = Math.floor((payload.length * 3) / 4) - (payload.match(/=+$/)?.[0].length ?? 0);
  if (estimated > limits.max_decoded_bytes) {
    const limit = (limits.max_decoded_bytes / MB).toFixed(0);
    errors.add(field, 'image_too_large', `${field} is ${(estimated / MB).toFixed(1)} MB decoded; the limit is ${limit} MB`);
    return undefined;
  }
  const bytes = Buffer.from(payload, 'base64');
  const format = sniffFormat(bytes);
  if (!format || !limits.formats.includes(format)) {
    const names = limits.formats.map((name) => name.toUpperCase());
    errors.add(field, 'unsupported_image_type', `${field} must be a ${names.join(' or ')} image`);
    return undefined;
  }
  return inspect(field, bytes, format, limits, errors);
}

function extractBase64(field: string, raw: string, errors: FieldErrorCollector): string | undefined {
  let payload = raw;
  const uri = DATA_URI.exec(raw);
  if (uri) {
    const [, mime = '', params = '', data = ''] = uri;
    // The declared subtype is not trusted (clients often label a JPEG as png); the bytes decide below.
    if (!mime.toLowerCase().startsWith('image/')) {
      errors.add(field, 'unsupported_image_type', `${field} must be an image data URI (got ${mime || 'no type'})`);
      return undefined;
    }
    if (!params.toLowerCase().split(';').includes('base64')) {
      errors.add(field, 'invalid_image', `${field} data URI must be base64-encoded`);
      return undefined;
    }
    payload = data;
  }
  payload = payload.replace(/\s+/g, '');
  if (payload.length === 0 || !BASE64.test(payload)) {
    errors.add(field, 'invalid_image', `${field} is not valid base64`);
    return undefined;
  }
  return payload;
}

function sniffFormat(bytes: Buffer): ImageFormat | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'png';
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return 'webp';
  }
  return undefined;
}

async function inspect(
  field: string,
  bytes: Buffer,
  format: ImageFormat,
  limits: ImageInputLimits,
  errors: FieldErrorCollector,
): Promise<DecodedImage | undefined> {
  let width: number;
  let height: number;
  try {
    const metadata = await sharp(bytes).metadata();
    if (metadata.format !== format || !metadata.width || !metadata.height) throw new Error(`decoded as ${metadata.format}`);
    width = metadata.width;
    height = metadata.height;
  } catch {
    errors.add(field, 'invalid_image', `${field} is not a readable ${format} image`);
    return undefined;
  }
  if (width > limits.max_dimension || height > limits.max_dimension) {
    errors.add(
      field,
      'image_dimensions_too_large',
      `${field} is ${width}×${height}; each side must be at most ${limits.max_dimension} px`,
    );
    return undefined;
  }
  try {
    // Headers can be valid over a truncated or garbage body; only a full decode proves the pixels exist.
    // Shrinking on the way keeps memory small even for a 4096² image.
    await sharp(bytes, { failOn: 'error', limitInputPixels: limits.max_dimension ** 2 })
      .resize(32, 32, { fit: 'inside' })
      .raw()
      .toBuffer();
  } catch {
    errors.add(field, 'invalid_image', `${field} is a damaged ${format} image`);
    return undefined;
  }
  return { mime: MIME_BY_FORMAT[format], width, height, bytes };
}
