import { Injectable } from '@angular/core';
import type { ImageInputLimits } from '@gg/contracts/settings';

import type { ImageValue } from '../form/draft';

type ImageFormat = ImageInputLimits['formats'][number];

const MIME: Readonly<Record<ImageFormat, string>> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };
const MB = 1024 * 1024;

/** Why a chosen file cannot be sent; the message is for the user. */
export class ImageProblem extends Error {
  override readonly name = 'ImageProblem';
}

/**
 * Checks a chosen file the way the server will (CAT-3: type by its bytes, decoded size, dimensions) and
 * turns it into a data URI, so a bad file is refused at once instead of after a 12 MB upload.
 */
@Injectable({ providedIn: 'root' })
export class ImageFileReader {
  async read(file: File, limits: ImageInputLimits): Promise<ImageValue> {
    if (file.size > limits.max_decoded_bytes) {
      throw new ImageProblem(`${file.name} is ${(file.size / MB).toFixed(1)} MB; the limit is ${formatMb(limits.max_decoded_bytes)}.`);
    }
    const format = sniffFormat(new Uint8Array(await readBuffer(file.slice(0, 12))));
    if (!format || !limits.formats.includes(format)) {
      throw new ImageProblem(`${file.name} is not a ${limits.formats.map((f) => f.toUpperCase()).join(', ').replace(/, ([^,]*)$/, ' or $1')} image.`);
    }
    const { width, height } = await this.dimensions(file);
    if (width > limits.max_dimension || height > limits.max_dimension) {
      throw new ImageProblem(`${file.name} is ${width}×${height} px; each side must be at most ${limits.max_dimension} px.`);
    }
    const dataUri = (await readDataUri(file)).replace(/^data:[^,]*,/, `data:${MIME[format]};base64,`);
    return { dataUri, name: file.name, mime: MIME[format], bytes: file.size, width, height };
  }

  /** Decodes the image; a file with a right header over damaged data fails here. */
  protected async dimensions(file: Blob): Promise<{ width: number; height: number }> {
    const url = URL.createObjectURL(file);
    try {
      const image = new Image();
      image.decoding = 'async';
      image.src = url;
      await image.decode().catch(() => {
        throw new ImageProblem('The image could not be read; it may be damaged.');
      });
      return { width: image.naturalWidth, height: image.naturalHeight };
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}

export function sniffFormat(bytes: Uint8Array): ImageFormat | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return undefined;
}

export function formatMb(bytes: number): string {
  return `${Math.round(bytes / MB)} MB`;
}

function readBuffer(blob: Blob): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(new ImageProblem('The file could not be read.'));
    reader.readAsArrayBuffer(blob);
  });
}

function readDataUri(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new ImageProblem('The file could not be read.'));
    reader.readAsDataURL(blob);
  });
}
