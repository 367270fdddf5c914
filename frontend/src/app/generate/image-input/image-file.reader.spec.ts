import { CATALOG } from '../../../testing/catalog.fixture';
import { ImageFileReader, ImageProblem, sniffFormat } from './image-file.reader';

const LIMITS = CATALOG.common.image_input;
const PNG_HEAD = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0];
const WEBP_HEAD = [...'RIFF'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 0], [...'WEBP'].map((c) => c.charCodeAt(0)));
const GIF_HEAD = [...'GIF89a'].map((c) => c.charCodeAt(0));

/** The browser decodes for real; here the decoded size is whatever the test says. */
class FakeDecodeReader extends ImageFileReader {
  constructor(private readonly size: { width: number; height: number }) {
    super();
  }

  protected override async dimensions(): Promise<{ width: number; height: number }> {
    return this.size;
  }
}

function file(head: number[], name: string, type = 'image/png', size = 64): File {
  const bytes = new Uint8Array(Math.max(size, head.length));
  bytes.set(head);
  return new File([bytes], name, { type });
}

describe('reference image checks before upload (CAT-3)', () => {
  it('recognises PNG, JPEG and WebP by their bytes', () => {
    expect(sniffFormat(new Uint8Array(PNG_HEAD))).toBe('png');
    expect(sniffFormat(new Uint8Array(JPEG_HEAD))).toBe('jpeg');
    expect(sniffFormat(new Uint8Array(WEBP_HEAD))).toBe('webp');
    expect(sniffFormat(new Uint8Array(GIF_HEAD))).toBeUndefined();
  });

  it('accepts an image within the limits as a data URI typed by its bytes, not its name', async () => {
    const value = await new FakeDecodeReader({ width: 640, height: 480 }).read(file(JPEG_HEAD, 'photo.png', 'image/png'), LIMITS);
    expect(value).toMatchObject({ name: 'photo.png', mime: 'image/jpeg', width: 640, height: 480, bytes: 64 });
    expect(value.dataUri.startsWith('data:image/jpeg;base64,/9j/')).toBe(true);
  });

  it('refuses a file of another type', async () => {
    await expect(new FakeDecodeReader({ width: 10, height: 10 }).read(file(GIF_HEAD, 'anim.gif', 'image/gif'), LIMITS)).rejects.toThrow(
      new ImageProblem('anim.gif is not a PNG, JPEG or WEBP image.'),
    );
  });

  it('refuses a file over the decoded-size limit without reading it', async () => {
    const big = file(PNG_HEAD, 'huge.png', 'image/png', LIMITS.max_decoded_bytes + 1);
    await expect(new FakeDecodeReader({ width: 10, height: 10 }).read(big, LIMITS)).rejects.toThrow(/huge.png is 12.0 MB; the limit is 12 MB/);
  });

  it('refuses an image larger than max_dimension on a side', async () => {
    await expect(new FakeDecodeReader({ width: 5000, height: 300 }).read(file(PNG_HEAD, 'wide.png'), LIMITS)).rejects.toThrow(
      'wide.png is 5000×300 px; each side must be at most 4096 px.',
    );
  });
});
