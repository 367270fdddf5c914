import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from './fs-blob-store.js';

describe('GEN-4: filesystem blob store', () => {
  let root: string;
  let store: FsBlobStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'gg-blob-'));
    store = new FsBlobStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores content under its sha256 and reads it back, whole and by range', async () => {
    const content = Buffer.from('0123456789abcdef');
    const blob = await store.put(content, 'application/octet-stream');
    expect(blob.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(await store.read(blob.sha256)).toEqual(content);
    const chunks: Buffer[] = [];
    for await (const chunk of store.stream(blob.sha256, { start: 2, end: 5 })) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('2345');
    expect(await store.stat(blob.sha256)).toMatchObject({ bytes: 16 });
  });

  it('writes the same content once and leaves no temporary files', async () => {
    const a = await store.put(Buffer.from('same'), 'text/plain');
    const b = await store.put(Buffer.from('same'), 'text/plain');
    expect(a.sha256).toBe(b.sha256);
    expect(readdirSync(join(root, '.tmp'))).toEqual([]);
  });

  it('deletes, and sweeps only old unreferenced blobs', async () => {
    const keep = await store.put(Buffer.from('keep'), 'text/plain');
    const old = await store.put(Buffer.from('old'), 'text/plain');
    const fresh = await store.put(Buffer.from('fresh'), 'text/plain');
    const past = new Date(Date.now() - 86_400_000);
    for (const sha of [keep.sha256, old.sha256]) utimesSync(join(root, sha.slice(0, 2), sha.slice(2, 4), sha), past, past);
    const removed = await store.sweep(new Date(Date.now() - 3_600_000), async (sha) => sha === keep.sha256);
    expect(removed).toBe(1);
    expect(await store.stat(old.sha256)).toBeNull();
    expect(await store.stat(keep.sha256)).not.toBeNull();
    expect(await store.stat(fresh.sha256)).not.toBeNull();
    expect(await store.delete(keep.sha256)).toBe(true);
    expect(await store.delete(keep.sha256)).toBe(false);
  });

  it('refuses a path that is not a sha256 (no traversal)', () => {
    expect(() => store.stream('../../etc/passwd')).toThrow('not a sha256');
  });
});
