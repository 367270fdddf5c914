import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import type { AspectPreset, FieldSpec, FieldValue, InferenceSettings, KeyframesFieldSpec, ModelSpec } from '@gg/contracts/settings';
import { resolveModelFields } from '@gg/contracts/settings';

import type { GenerateRequest, ValidationFieldError } from '../../core/api-types';
import { draftFromSettings, initialDraft, newKeyframe, sanitizeDraft, type Draft, type ImageValue, type KeyframeRow, type SettingsSource } from './draft';
import { DraftStorage } from './draft.storage';
import { SIZE_FIELDS, visibleFieldViews, type FieldView } from './form-fields';
import { aspectChoices, durationChoices, estimateFor, framesField, renderSize, roundedValue, type DurationChoice } from './form-presets';
import { buildRequest, mapServerErrors } from './form-request';
import { validateDraft, type FieldErrors } from './form-validation';

const SAVE_DELAY_MS = 300;

/**
 * State of the generation form, built from the catalog alone (CAT-3): the chosen model, one draft per
 * model, the "Advanced" switch, and errors from the client checks and from the server's 422. Saved to
 * `localStorage` as it changes (GAL-3). Provided by the Generate page.
 */
@Injectable()
export class GenerateForm {
  private readonly storage = inject(DraftStorage);
  private readonly catalogState = signal<InferenceSettings | null>(null);
  private readonly drafts = signal<Readonly<Record<string, Draft>>>({});
  private readonly touched = signal<ReadonlySet<string>>(new Set());
  private readonly serverErrorState = signal<FieldErrors>({});
  private readonly generalErrorState = signal<readonly string[]>([]);
  private readonly submitted = signal(false);

  readonly catalog = this.catalogState.asReadonly();
  readonly modelId = signal<string | null>(null);
  readonly advanced = signal(false);
  readonly generalErrors = this.generalErrorState.asReadonly();

  readonly models = computed<readonly ModelSpec[]>(() => this.catalog()?.models ?? []);
  readonly model = computed(() => this.models().find((m) => m.id === this.modelId()) ?? null);
  readonly fields = computed<Readonly<Record<string, FieldSpec>>>(() => {
    const catalog = this.catalog();
    const model = this.model();
    return catalog && model ? resolveModelFields(catalog, model) : {};
  });
  readonly draft = computed<Draft | null>(() => {
    const catalog = this.catalog();
    const model = this.model();
    if (!catalog || !model) return null;
    return this.drafts()[model.id] ?? initialDraft(catalog, model);
  });
  readonly views = computed<readonly FieldView[]>(() => {
    const model = this.model();
    const draft = this.draft();
    return model && draft ? visibleFieldViews(this.fields(), model, draft, this.advanced()) : [];
  });
  readonly clientErrors = computed<FieldErrors>(() => {
    const draft = this.draft();
    return draft ? validateDraft(this.views(), draft, this.advanced()) : {};
  });
  /** Errors to show: client ones for touched fields (all after a submit attempt), then the server's. */
  readonly errors = computed<FieldErrors>(() => {
    const client = this.clientErrors();
    const touched = this.touched();
    const shown = this.submitted()
      ? client
      : Object.fromEntries(Object.entries(client).filter(([key]) => touched.has(key)));
    return { ...shown, ...this.serverErrorState() };
  });
  readonly valid = computed(() => Object.keys(this.clientErrors()).length === 0);

  readonly aspects = computed(() => {
    const catalog = this.catalog();
    const draft = this.draft();
    return catalog && draft ? aspectChoices(catalog, this.fields(), draft, this.advanced()) : [];
  });
  readonly durations = computed<readonly DurationChoice[]>(() => {
    const catalog = this.catalog();
    const model = this.model();
    const draft = this.draft();
    return catalog && model && draft ? durationChoices(catalog, model, this.fields(), draft, this.advanced()) : [];
  });
  readonly estimateSeconds = computed(() => {
    const catalog = this.catalog();
    const model = this.model();
    const draft = this.draft();
    return catalog && model && draft ? estimateFor(catalog, model, draft) : null;
  });
  readonly renderSize = computed(() => {
    const model = this.model();
    const draft = this.draft();
    return model && draft && !SIZE_FIELDS.some((name) => this.clientErrors()[name]) ? renderSize(model, draft) : null;
  });

  constructor() {
    let timer: ReturnType<typeof setTimeout> | undefined;
    effect(() => {
      const form = { model: this.modelId(), advanced: this.advanced(), drafts: this.drafts() };
      if (!this.catalog()) return;
      clearTimeout(timer);
      timer = setTimeout(() => this.storage.save(form), SAVE_DELAY_MS);
    });
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(timer);
      if (this.catalog()) this.storage.save({ model: this.modelId(), advanced: this.advanced(), drafts: this.drafts() });
    });
  }

  /** Starts from the catalog and whatever was saved (unknown models, modes and fields are dropped). */
  init(catalog: InferenceSettings): void {
    const stored = this.storage.load();
    const drafts: Record<string, Draft> = {};
    for (const model of catalog.models) {
      if (stored.drafts[model.id] !== undefined) drafts[model.id] = sanitizeDraft(catalog, model, stored.drafts[model.id]);
    }
    untracked(() => {
      this.catalogState.set(catalog);
      this.drafts.set(drafts);
      this.advanced.set(stored.advanced);
      const known = catalog.models.find((m) => m.id === stored.model);
      this.modelId.set(known?.id ?? catalog.models[0]?.id ?? null);
    });
  }

  selectModel(id: string): void {
    if (id === this.modelId()) return;
    this.modelId.set(id);
    this.clearFeedback();
  }

  setAdvanced(on: boolean): void {
    this.advanced.set(on);
  }

  setMode(mode: string): void {
    this.update((draft) => ({ ...draft, mode }));
    this.clearServerErrors(() => true);
    this.generalErrorState.set([]);
  }

  setValue(name: string, value: FieldValue): void {
    this.update((draft) => ({ ...draft, values: { ...draft.values, [name]: value } }));
    this.touch(name);
  }

  setImage(name: string, image: ImageValue | null): void {
    this.update((draft) => ({ ...draft, images: { ...draft.images, [name]: image } }));
    this.touch(name);
  }

  addKeyframe(name: string): void {
    const spec = this.fields()[name];
    if (spec?.type !== 'keyframes') return;
    this.updateRows(name, (rows) => (rows.length >= spec.max_items ? rows : [...rows, newKeyframe(spec as KeyframesFieldSpec, rows)]));
    this.touch(name);
  }

  removeKeyframe(name: string, id: number): void {
    this.updateRows(name, (rows) => rows.filter((row) => row.id !== id));
    // Row paths (`keyframes[2]`) shift when a row goes; server messages would land on the wrong row.
    this.touch(name);
  }

  updateKeyframe(name: string, id: number, patch: Partial<Omit<KeyframeRow, 'id'>>): void {
    const index = (this.draft()?.keyframes[name] ?? []).findIndex((row) => row.id === id);
    this.updateRows(name, (rows) => rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
    for (const key of Object.keys(patch)) this.touch(`${name}[${index}].${key}`);
  }

  applyAspect(preset: AspectPreset): void {
    const [widthField, heightField] = SIZE_FIELDS;
    this.setValue(widthField, preset.width);
    this.setValue(heightField, preset.height);
  }

  applyDuration(choice: DurationChoice): void {
    const catalog = this.catalog();
    if (catalog) this.setValue(framesField(catalog), choice.frames);
  }

  /** The value the server will use for a rounded field (4k+1 frames), or null when it is kept as is. */
  roundedValue(name: string): number | null {
    const spec = this.fields()[name];
    return spec ? roundedValue(spec, this.draft()?.values[name]) : null;
  }

  /** Back to the catalog's defaults for the current model. */
  reset(): void {
    const catalog = this.catalog();
    const model = this.model();
    if (!catalog || !model) return;
    this.drafts.update((drafts) => ({ ...drafts, [model.id]: initialDraft(catalog, model) }));
    this.clearFeedback();
  }

  /** "Use these settings again": switches to the model and fills its draft from a finished task. */
  prefill(modelId: string, source: SettingsSource): boolean {
    const catalog = this.catalog();
    const model = catalog?.models.find((m) => m.id === modelId || m.aliases.includes(modelId));
    if (!catalog || !model) return false;
    const draft = draftFromSettings(catalog, model, source);
    this.drafts.update((drafts) => ({ ...drafts, [model.id]: draft }));
    this.modelId.set(model.id);
    this.clearFeedback();
    // A task sent by an API client may use values outside the recommended range; show them as they were.
    const fields = resolveModelFields(catalog, model);
    const problems = (advanced: boolean) => Object.keys(validateDraft(visibleFieldViews(fields, model, draft, advanced), draft, advanced)).length;
    if (problems(true) < problems(false)) this.advanced.set(true);
    return true;
  }

  /** Marks the attempt; true when the client checks pass and the request may be sent. */
  attemptSubmit(): boolean {
    this.submitted.set(true);
    this.generalErrorState.set([]);
    return this.valid();
  }

  request(): GenerateRequest | null {
    const model = this.model();
    const draft = this.draft();
    return model && draft ? buildRequest(model.id, draft, this.views()) : null;
  }

  /** A 422 `validation_error`: messages go onto the matching controls, the rest above the button. */
  showServerErrors(errors: readonly ValidationFieldError[], fallback: string): void {
    const mapped = mapServerErrors(errors, this.views());
    this.serverErrorState.set(mapped.fields);
    this.generalErrorState.set(mapped.general.length || Object.keys(mapped.fields).length ? mapped.general : [fallback]);
  }

  showGeneralError(message: string): void {
    this.generalErrorState.set([message]);
  }

  private update(change: (draft: Draft) => Draft): void {
    const model = this.model();
    const draft = this.draft();
    if (!model || !draft) return;
    this.drafts.update((drafts) => ({ ...drafts, [model.id]: change(draft) }));
  }

  private updateRows(name: string, change: (rows: readonly KeyframeRow[]) => readonly KeyframeRow[]): void {
    this.update((draft) => ({ ...draft, keyframes: { ...draft.keyframes, [name]: change(draft.keyframes[name] ?? []) } }));
  }

  /** A field the user changed: its client error may show, its server error is stale. */
  private touch(key: string): void {
    if (!this.touched().has(key)) this.touched.update((set) => new Set([...set, key]));
    // A whole-list change (a keyframe added or removed) makes every row's server message stale.
    this.clearServerErrors((field) => field === key || rootOf(field) === key);
  }

  private clearServerErrors(matches: (key: string) => boolean): void {
    const current = this.serverErrorState();
    if (!Object.keys(current).some(matches)) return;
    this.serverErrorState.set(Object.fromEntries(Object.entries(current).filter(([key]) => !matches(key))));
  }

  private clearFeedback(): void {
    this.serverErrorState.set({});
    this.generalErrorState.set([]);
    this.touched.set(new Set());
    this.submitted.set(false);
  }
}

/** `keyframes[1].image` → `keyframes`. */
function rootOf(key: string): string {
  return key.replace(/\[.*$/, '');
}
