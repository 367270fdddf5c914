import { createHash } from 'node:crypto';

/** JSON with sorted keys and no whitespace, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('Non-finite number in event');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

export interface HashedContent {
  id: string;
  stream: string;
  revision: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
}

/** sha256 over the previous hash of the stream and the event's content; the global position is not part of it. */
export function eventHash(prevHash: string, content: HashedContent): string {
  return eventHashOfCanonical(prevHash, content, canonicalJson(content.data), canonicalJson(content.metadata));
}

/**
 * The same hash from data and metadata already in canonical JSON (the append path stores those strings, so
 * it canonicalises once). The keys are written in sorted order, exactly as canonicalJson would.
 */
export function eventHashOfCanonical(prevHash: string, content: Omit<HashedContent, 'data' | 'metadata'>, dataJson: string, metadataJson: string): string {
  const hashed =
    `{"data":${dataJson},"id":${JSON.stringify(content.id)},"metadata":${metadataJson},"revision":${content.revision},` +
    `"schemaVersion":${content.schemaVersion},"stream":${JSON.stringify(content.stream)},"type":${JSON.stringify(content.type)}}`;
  return createHash('sha256').update(prevHash).update('\n').update(hashed).digest('hex');
}

/** Folds one (position, hash) pair into a seal digest. */
export function sealStep(digest: string, position: number, hash: string): string {
  return createHash('sha256').update(digest).update(`|${position}:${hash}`).digest('hex');
}
