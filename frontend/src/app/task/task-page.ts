import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { ApiClient } from '../core/api-client';
import { ApiError } from '../core/api-error';
import { isTerminal, type StatusDocument } from '../core/api-types';
import { CatalogStore } from '../core/catalog.store';
import { LastTaskStore } from '../core/last-task.store';
import { Notifications } from '../core/notifications.service';
import { EmptyState } from '../shared/empty-state';
import { formatClock } from '../shared/format';
import { GenerationDetails } from '../shared/generation-details';
import { Icon } from '../shared/icon';
import { MediaView } from '../shared/media-view';
import { PageHeader } from '../shared/page-header';
import { StatusChip } from '../shared/status-chip';
import { queueText, stageLabel } from './task-stages';
import { TaskWatcher, type WatchChannel } from './task-watcher';

/**
 * One task, live (GEN-2, GEN-3): status, stage, progress, queue position and elapsed time while it runs;
 * the image or video with its settings when done; the error and what to do about it when it failed.
 * Cancel and retry (GEN-5). The watched task is remembered for "Continue watching" (GAL-3).
 */
@Component({
  selector: 'gg-task-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, RouterLink, EmptyState, GenerationDetails, Icon, MediaView, PageHeader, StatusChip],
  templateUrl: './task-page.html',
  styleUrl: './task-page.scss',
})
export class TaskPage {
  private readonly api = inject(ApiClient);
  private readonly watcher = inject(TaskWatcher);
  private readonly router = inject(Router);
  private readonly notifications = inject(Notifications);
  private readonly lastTask = inject(LastTaskStore);
  private readonly catalog = inject(CatalogStore);

  /** From the `:id` route parameter (component input binding). */
  readonly id = input.required<string>();

  protected readonly task = signal<StatusDocument | null>(null);
  protected readonly fatal = signal<ApiError | null>(null);
  protected readonly channel = signal<WatchChannel | null>(null);
  /** A transient polling failure; cleared by the next good answer. */
  protected readonly connectionProblem = signal<ApiError | null>(null);
  protected readonly busy = signal<'cancel' | 'retry' | null>(null);
  private readonly now = signal(Date.now());

  protected readonly status = computed(() => this.task()?.status ?? null);
  protected readonly running = computed(() => {
    const status = this.status();
    return status !== null && !isTerminal(status);
  });
  protected readonly stage = computed(() => stageLabel(this.task()?.stage));
  protected readonly queue = computed(() => {
    const task = this.task();
    return task?.status === 'pending' ? queueText(task.queue_position) : '';
  });
  protected readonly progress = computed(() => Math.max(0, Math.min(100, Math.round(this.task()?.progress ?? 0))));
  protected readonly elapsed = computed(() => {
    const task = this.task();
    if (!task) return '';
    if (!this.running() && task.timings?.total_ms != null) return formatClock(task.timings.total_ms);
    const start = Date.parse(task.created_at);
    const end = this.running() ? this.now() : Date.parse(task.finished_at ?? task.updated_at);
    return Number.isFinite(start) && Number.isFinite(end) ? formatClock(end - start) : '';
  });
  protected readonly modelName = computed(() => {
    const task = this.task();
    return task ? (this.catalog.model(task.model)?.name ?? task.model) : '';
  });
  protected readonly resultUrl = computed(() => {
    const url = this.task()?.result_url;
    return url ? this.api.mediaUrl(url) : null;
  });
  protected readonly downloadUrl = computed(() => {
    const url = this.task()?.result_url;
    return url ? this.api.downloadUrl(url) : null;
  });
  protected readonly posterUrl = computed(() => {
    const url = this.task()?.preview_url;
    return url ? this.api.mediaUrl(url) : null;
  });

  constructor() {
    effect((onCleanup) => {
      const id = this.id();
      untracked(() => this.reset());
      const subscription = this.watcher.watch(id).subscribe((event) => {
        if (event.kind === 'status') {
          this.now.set(Date.now());
          this.task.set(event.status);
          this.channel.set(event.channel);
          this.connectionProblem.set(null);
          this.lastTask.remember({ id, prompt: event.status.prompt, model: event.status.model });
        } else if (event.fatal) {
          this.fatal.set(event.error);
          this.lastTask.forget(id);
        } else {
          this.connectionProblem.set(event.error);
        }
      });
      onCleanup(() => subscription.unsubscribe());
    });
    effect((onCleanup) => {
      if (!this.running()) return;
      const timer = setInterval(() => this.now.set(Date.now()), 1000);
      onCleanup(() => clearInterval(timer));
    });
  }

  protected fieldLabel(field: string): string {
    const task = this.task();
    return task ? this.catalog.fieldLabel(task.model, field) : field;
  }

  protected async cancel(): Promise<void> {
    this.busy.set('cancel');
    try {
      this.task.set(await firstValueFrom(this.api.cancelTask(this.id())));
    } catch (error: unknown) {
      this.notifications.error(error);
    } finally {
      this.busy.set(null);
    }
  }

  protected async retry(): Promise<void> {
    this.busy.set('retry');
    try {
      const answer = await firstValueFrom(this.api.retryTask(this.id()));
      await this.router.navigate(['/tasks', answer.task_id]);
    } catch (error: unknown) {
      this.notifications.error(error);
    } finally {
      this.busy.set(null);
    }
  }

  private reset(): void {
    this.task.set(null);
    this.fatal.set(null);
    this.channel.set(null);
    this.connectionProblem.set(null);
  }
}
