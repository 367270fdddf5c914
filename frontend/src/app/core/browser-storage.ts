import { Injectable } from '@angular/core';

/**
 * `localStorage` as JSON, never throwing: storage can be disabled, full or hold someone else's garbage, and
 * none of that may break a page (GAL-3 state is a convenience, not a requirement to run).
 */
@Injectable({ providedIn: 'root' })
export class BrowserStorage {
  read(key: string): unknown {
    try {
      const text = globalThis.localStorage?.getItem(key);
      return text == null ? undefined : JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  /** False when the value could not be stored (quota, disabled storage). */
  write(key: string, value: unknown): boolean {
    try {
      globalThis.localStorage?.setItem(key, JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  }

  remove(key: string): void {
    try {
      globalThis.localStorage?.removeItem(key);
    } catch {
      // Nothing to do: the value simply stays.
    }
  }
}
