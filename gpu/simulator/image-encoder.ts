import sharp from 'sharp';

export interface EncodedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

/** PNG or JPEG of an rgb24 buffer at exactly its size; no metadata, so equal pixels give equal bytes. */
export async function encodeImage(
  pixels: Buffer,
  width: number,
  height: number,
  format: 'png' | 'jpeg',
): Promise<EncodedImage> {
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  const bytes = format === 'png' ? await image.png({ compressionLevel: 6 }).toBuffer() : await image.jpeg({ quality: 92 }).toBuffer();
  return { bytes, width, height };
}

/** The preview every worker returns: the picture fit into 512×512 (never enlarged), JPEG quality 85. */
export async function encodePreview(pixels: Buffer, width: number, height: number): Promise<EncodedImage> {
  const { data, info } = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .resize({ width: 512, height: 512, fit: 'inside', withoutEnlargement: true, kernel: 'lanczos3' })
    .jpeg({ quality: 85 })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

/** Decodes a reference image (png/jpeg/webp) to rgb24 at the job's size, for blending under the pattern. */
export async function decodeReference(data: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(data).removeAlpha().resize({ width, height, fit: 'cover' }).toColourspace('srgb').raw().toBuffer();
}
