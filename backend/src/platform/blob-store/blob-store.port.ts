import type { Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  bytes: number;
  mime: string;
}

/**
 * Content-addressed storage for results, previews and reference images (design.md "Results"). Writes are
 * atomic: a reader sees the whole blob or none.
 */
export interface BlobStore {
  put(content: Buffer, mime: string): Promise<StoredBlob>;
  /** Null when the blob is not (or no longer) there. */
  stat(sha256: string): Promise<{ bytes: number; modifiedAt: Date } | null>;
  read(sha256: string): Promise<Buffer | null>;
  /** A stream over bytes [start, end] inclusive; the caller has checked `stat`. */
  stream(sha256: string, range?: { start: number; end: number }): Readable;
  delete(sha256: string): Promise<boolean>;
  /** Deletes blobs older than `olderThan` that `isReferenced` does not claim; returns how many went. */
  sweep(olderThan: Date, isReferenced: (sha256: string) => Promise<boolean>): Promise<number>;
  /** Free bytes where the blobs live, for admin health. */
  health(): Promise<{ ok: boolean; path: string; blobs: number | null }>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');
