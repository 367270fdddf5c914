import { Injectable, inject } from '@angular/core';

import { BrowserStorage } from '../../core/browser-storage';
import type { Draft } from './draft';

/** What survives a reload of the Generate page (GAL-3): the chosen model, the switch, a draft per model. */
export interface StoredForm {
  readonly model: string | null;
  readonly advanced: boolean;
  readonly drafts: Readonly<Record<string, unknown>>;
}

const KEY = 'gg.generate.v1';

/** Persists the generation form per model in `localStorage`. */
@Injectable({ providedIn: 'root' })
export class DraftStorage {
  private readonly storage = inject(BrowserStorage);

  load(): StoredForm {
    const raw = this.storage.read(KEY);
    if (typeof raw !== 'object' || raw === null) return { model: null, advanced: false, drafts: {} };
    const { model, advanced, drafts } = raw as Record<string, unknown>;
    return {
      model: typeof model === 'string' ? model : null,
      advanced: advanced === true,
      drafts: typeof drafts === 'object' && drafts !== null ? (drafts as Record<string, unknown>) : {},
    };
  }

  /**
   * Saves everything; reference images are large (data URIs up to 16 MB), so when they do not fit the
   * quota the form is saved without them rather than not at all.
   */
  save(form: { model: string | null; advanced: boolean; drafts: Readonly<Record<string, Draft>> }): void {
    if (this.storage.write(KEY, form)) return;
    const drafts = Object.fromEntries(Object.entries(form.drafts).map(([id, draft]) => [id, withoutImages(draft)]));
    this.storage.write(KEY, { ...form, drafts });
  }
}

function withoutImages(draft: Draft): Draft {
  const keyframes = Object.fromEntries(
    Object.entries(draft.keyframes).map(([name, rows]) => [name, rows.map((row) => ({ ...row, image: null }))]),
  );
  return { ...draft, images: {}, keyframes };
}
