import sharp from 'sharp';
import { dataUri, fieldErrorsOf, imageBytes, realCatalog } from './testing/generate-request.fixtures.js';
import { validateGenerateRequest } from './generate-request.validator.js';

const catalog = realCatalog();
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const img2img = (reference_image: unknown) => ({ model: 'flux', mode: 'img2img', prompt: 'a fox', reference_image });

async function noisyPng(): Promise<Buffer> {
  const pixels = Buffer.alloc(64 * 64 * 3);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 7919) % 251;
  return sharp(pixels, { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer();
}

describe('reference images (CAT-3)', () => {
  it.each([
    ['a PNG data URI', 'png', 'image/png', 'image/png'],
    ['a JPEG data URI', 'jpeg', 'image/jpeg', 'image/jpeg'],
    ['a WebP data URI', 'webp', 'image/webp', 'image/webp'],
    ['a JPEG labelled as PNG (the bytes decide)', 'jpeg', 'image/png', 'image/jpeg'],
  ] as const)('CAT-3: given %s made with sharp, then it is accepted with its real type and size', async (_name, format, label, mime) => {
    const bytes = await imageBytes(format, 12, 7);
    const result = await validateGenerateRequest(catalog, img2img(dataUri(bytes, label)));
    expect(result.images).toEqual([{ role: 'reference_image', mime, width: 12, height: 7, bytes }]);
  });

  it('CAT-3: given raw base64 without a data URI prefix (with line breaks), then it is accepted', async () => {
    const bytes = await imageBytes('png');
    const wrapped = bytes.toString('base64').replace(/(.{20})/g, '$1\n');
    const result = await validateGenerateRequest(catalog, img2img(wrapped));
    expect(result.images[0]!.bytes.equals(bytes)).toBe(true);
  });

  const oversized = () => `data:image/png;base64,${Buffer.concat([PNG_MAGIC, Buffer.alloc(13 * 1024 * 1024)]).toString('base64')}`;
  const rejections: [string, () => Promise<unknown>, string][] = [
    ['a fake PNG (right magic, garbage body)', async () => dataUri(Buffer.concat([PNG_MAGIC, Buffer.from('not really a png at all')])), 'invalid_image'],
    ['a truncated PNG (valid header, cut body)', async () => { const b = await noisyPng(); return dataUri(b.subarray(0, b.length >> 1)); }, 'invalid_image'],
    ['a 13 MB image', async () => oversized(), 'image_too_large'],
    ['an image wider than 4096 px', async () => dataUri(await imageBytes('png', 4097, 1)), 'image_dimensions_too_large'],
    ['a GIF', async () => dataUri(await imageBytes('gif'), 'image/gif'), 'unsupported_image_type'],
    ['random bytes', async () => dataUri(Buffer.from('hello world, hello world')), 'unsupported_image_type'],
    ['a text data URI', async () => 'data:text/plain;base64,aGVsbG8=', 'unsupported_image_type'],
    ['a data URI that is not base64', async () => 'data:image/png,%89PNG', 'invalid_image'],
    ['a string that is not base64', async () => '***not base64***', 'invalid_image'],
    ['an empty string', async () => '', 'invalid_image'],
    ['a number', async () => 42, 'wrong_type'],
  ];

  it.each(rejections)('CAT-3: given %s, then it is rejected', async (_name, make, code) => {
    const errors = await fieldErrorsOf(catalog, img2img(await make()));
    expect(errors).toEqual([expect.objectContaining({ field: 'reference_image', code })]);
  });

  it('CAT-3: every bad image of a request is reported, each under its own field', async () => {
    const fake = dataUri(Buffer.concat([PNG_MAGIC, Buffer.from('garbage')]));
    const errors = await fieldErrorsOf(catalog, {
      model: 'anisora', mode: 'first_last_frame', prompt: 'x', first_frame_image: fake, last_frame_image: 7,
    });
    expect(errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual(['first_frame_image:invalid_image', 'last_frame_image:wrong_type']);
  });
});
