import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore, StoredBlob } from './blob-store.port.js';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Blobs as files under `<root>/<aa>/<bb>/<sha256>`, written to a temporary file, fsynced and renamed into
 * place, so a crash never leaves a half-written blob under its final name.
 */
export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async put(content: Buffer, mime: string): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    const path = this.pathOf(sha256);
    const existing = await stat(path).catch(() => null);
    if (existing?.size === content.length) return { sha256, bytes: content.length, mime };
    await mkdir(join(path, '..'), { recursive: true });
    const temporary = join(this.root, '.tmp', `${randomUUID()}.part`);
    await mkdir(join(this.root, '.tmp'), { recursive: true });
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    return { sha256, bytes: content.length, mime };
  }

  async stat(sha256: string) {
    const info = await stat(this.pathOf(sha256)).catch(() => null);
    return info ? { bytes: info.size, modifiedAt: info.mtime } : null;
  }

  async read(sha256: string): Promise<Buffer | null> {
    return readFile(this.pathOf(sha256)).catch(() => null);
  }

  stream(sha256: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.pathOf(sha256), range ? { start: range.start, end: range.end } : undefined);
  }

  async delete(sha256: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(sha256));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async sweep(olderThan: Date, isReferenced: (sha256: string) => Promise<boolean>): Promise<number> {
    let removed = 0;
    for (const sha256 of await this.list()) {
      const info = await this.stat(sha256);
      if (!info || info.modifiedAt >= olderThan || (await isReferenced(sha256))) continue;
      if (await this.delete(sha256)) removed += 1;
    }
    await rm(join(this.root, '.tmp'), { recursive: true, force: true });
    return removed;
  }

  async health() {
    try {
      await mkdir(this.root, { recursive: true });
      return { ok: true, path: this.root, blobs: (await this.list()).length };
    } catch {
      return { ok: false, path: this.root, blobs: null };
    }
  }

  private async list(): Promise<string[]> {
    const out: string[] = [];
    for (const a of await readdir(this.root).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of await readdir(join(this.root, a)).catch(() => [] as string[])) {
        for (const name of await readdir(join(this.root, a, b)).catch(() => [] as string[])) if (SHA256.test(name)) out.push(name);
      }
    }
    return out;
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}
