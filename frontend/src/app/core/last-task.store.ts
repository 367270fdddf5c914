import { Injectable, inject, signal } from '@angular/core';

import { BrowserStorage } from './browser-storage';

export interface LastTask {
  readonly id: string;
  readonly prompt: string;
  readonly model: string;
}

const KEY = 'gg.lastTask.v1';

/** The task last opened on the watch page, so Generate can offer "Continue watching" after a reload (GAL-3). */
@Injectable({ providedIn: 'root' })
export class LastTaskStore {
  private readonly storage = inject(BrowserStorage);
  private readonly state = signal<LastTask | null>(parse(this.storage.read(KEY)));

  readonly task = this.state.asReadonly();

  remember(task: LastTask): void {
    this.state.set(task);
    this.storage.write(KEY, task);
  }

  /** Forgets the task (it was deleted or no longer exists). */
  forget(id: string): void {
    if (this.state()?.id !== id) return;
    this.state.set(null);
    this.storage.remove(KEY);
  }
}

function parse(value: unknown): LastTask | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, prompt, model } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '') return null;
  return { id, prompt: typeof prompt === 'string' ? prompt : '', model: typeof model === 'string' ? model : '' };
}
