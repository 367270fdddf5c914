import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { ApiClient } from '../core/api-client';
import { ApiError } from '../core/api-error';
import { CatalogStore } from '../core/catalog.store';
import { newIdempotencyKey } from '../core/idempotency-key';
import { LastTaskStore } from '../core/last-task.store';
import { Notifications } from '../core/notifications.service';
import { EmptyState } from '../shared/empty-state';
import { formatDuration } from '../shared/format';
import { Icon } from '../shared/icon';
import { PageHeader } from '../shared/page-header';
import { ScalarField } from './fields/scalar-field';
import type { FieldView, FormSection, ImageFieldView, KeyframesFieldView, NumericFieldView, StringFieldView } from './form/form-fields';
import type { ImageValue, KeyframeRow } from './form/draft';
import { validationFieldErrors } from './form/form-request';
import { GenerateForm } from './form/generate-form.store';
import { ImageInput } from './image-input/image-input';
import { KeyframeEditor, type KeyframeChange } from './keyframes/keyframe-editor';
import { ModePicker } from './pickers/mode-picker';
import { ModelPicker } from './pickers/model-picker';
import { AspectPresets } from './presets/aspect-presets';
import { DurationPresets } from './presets/duration-presets';

type Sections = Record<FormSection, FieldView[]>;

/**
 * The generation form (CAT-3, GEN-1): model, mode and every field come from the catalog of `GET /models`;
 * submitting sends `POST /generate` and opens the task's watch page. The form survives reloads (GAL-3);
 * `?from=<task id>` fills it with a finished task's settings ("Use these settings again").
 */
@Component({
  selector: 'gg-generate-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    MatSlideToggleModule,
    RouterLink,
    EmptyState,
    Icon,
    PageHeader,
    ScalarField,
    ImageInput,
    KeyframeEditor,
    ModePicker,
    ModelPicker,
    AspectPresets,
    DurationPresets,
  ],
  providers: [GenerateForm],
  templateUrl: './generate-page.html',
  styleUrl: './generate-page.scss',
})
export class GeneratePage {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly notifications = inject(Notifications);
  protected readonly catalogStore = inject(CatalogStore);
  protected readonly form = inject(GenerateForm);
  protected readonly lastTask = inject(LastTaskStore).task;

  /** `?from=<task id>`: prefill from that task (query parameter binding). */
  readonly from = input<string | undefined>(undefined);

  protected readonly submitting = signal(false);
  protected readonly prefilling = signal(false);

  protected readonly sections = computed<Sections>(() => {
    const sections: Sections = { prompt: [], images: [], size: [], parameters: [], output: [] };
    for (const view of this.form.views()) sections[view.section].push(view);
    return sections;
  });
  protected readonly estimate = computed(() => {
    const seconds = this.form.estimateSeconds();
    return seconds === null ? null : formatDuration(seconds);
  });
  protected readonly imageLimits = computed(() => this.form.catalog()?.common.image_input ?? null);
  protected readonly modes = computed(() => this.form.model()?.modes ?? []);

  constructor() {
    effect(() => {
      const catalog = this.catalogStore.catalog();
      if (catalog && !untracked(this.form.catalog)) this.form.init(catalog);
    });
    effect(() => {
      const from = this.from();
      if (from && this.form.catalog()) untracked(() => void this.prefillFrom(from));
    });
  }

  protected numeric(view: FieldView): NumericFieldView | StringFieldView | null {
    return view.kind === 'numeric' || view.kind === 'string' ? view : null;
  }

  protected image(view: FieldView): ImageFieldView | null {
    return view.kind === 'image' ? view : null;
  }

  protected keyframes(view: FieldView): KeyframesFieldView | null {
    return view.kind === 'keyframes' ? view : null;
  }

  protected rowsOf(name: string): readonly KeyframeRow[] {
    return this.form.draft()?.keyframes[name] ?? [];
  }

  protected imageOf(name: string): ImageValue | null {
    return this.form.draft()?.images[name] ?? null;
  }

  /** The note under a field: the value the server will round it to. */
  protected noteFor(view: FieldView): string {
    const rounded = this.form.roundedValue(view.name);
    return rounded === null ? '' : `The model uses ${rounded} (the nearest value it supports).`;
  }

  protected onKeyframeChange(name: string, change: KeyframeChange): void {
    this.form.updateKeyframe(name, change.id, change.patch);
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.submitting()) return;
    if (!this.form.attemptSubmit()) {
      this.focusFirstError();
      return;
    }
    const body = this.form.request();
    if (!body) return;
    this.submitting.set(true);
    try {
      const answer = await firstValueFrom(this.api.generate(body, newIdempotencyKey()));
      await this.router.navigate(['/tasks', answer.task_id]);
    } catch (error: unknown) {
      this.showSubmitError(error);
    } finally {
      this.submitting.set(false);
    }
  }

  private showSubmitError(error: unknown): void {
    if (!(error instanceof ApiError)) {
      this.form.showGeneralError('Something went wrong. Try again.');
      return;
    }
    if (error.code === 'validation_error') {
      this.form.showServerErrors(validationFieldErrors(error.metadata), error.message);
      this.focusFirstError();
    } else {
      this.form.showGeneralError(error.message);
    }
  }

  private async prefillFrom(taskId: string): Promise<void> {
    if (this.prefilling()) return;
    this.prefilling.set(true);
    try {
      const task = await firstValueFrom(this.api.status(taskId));
      if (this.form.prefill(task.model, task)) {
        const needsImages = this.form.views().some((view) => view.kind === 'image' || view.kind === 'keyframes');
        this.notifications.info(
          needsImages ? 'Settings copied. Add the reference images again: they are not kept with outputs.' : 'Settings copied from that task.',
        );
      }
    } catch (error: unknown) {
      this.notifications.error(error);
    } finally {
      this.prefilling.set(false);
      // Drop `?from` so a reload keeps the user's later edits instead of prefilling again.
      if (this.router.url.startsWith('/generate')) {
        await this.router.navigate([], { queryParams: { from: null }, queryParamsHandling: 'merge', replaceUrl: true });
      }
    }
  }

  /** Moves focus to the first control with a problem, after the errors have rendered. */
  private focusFirstError(): void {
    setTimeout(() => {
      const errors = this.form.errors();
      const order = this.form.views().map((view) => view.name);
      const first = Object.keys(errors).sort((a, b) => rank(order, a) - rank(order, b))[0];
      const root = this.host.nativeElement;
      const target = first === undefined ? root.querySelector('.general-errors') : root.querySelector(`[data-field="${first.replace(/["\\]/g, "\\$&")}"]`);
      const focusable = target?.querySelector<HTMLElement>(
        'input:not([type="file"]):not([tabindex="-1"]), textarea, .mat-mdc-select, button:not([disabled])',
      );
      (focusable ?? (target as HTMLElement | null))?.focus();
    });
  }
}

function rank(order: readonly string[], key: string): number {
  const index = order.indexOf(key.replace(/\[.*$/, ''));
  return index === -1 ? order.length : index;
}
