import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';

import { ApiError } from '../../core/api-error';
import { EmptyState } from '../../shared/empty-state';
import { AdminApi } from '../shared/admin-api';
import { AdminBanner } from '../shared/admin-banner';
import { formatCount, formatPreciseTime } from '../shared/admin-format';
import { AdminPageHeader } from '../shared/admin-page-header';
import { JsonView } from '../shared/json-view';
import { TaskSearch } from '../shared/task-search';

/**
 * AUD-4: a task's whole stream from the event store — deleted tasks included — with each event's
 * position, type, time, actor, correlation id and data, and the task state folded after it.
 */
@Component({
  selector: 'gg-task-timeline-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, EmptyState, AdminBanner, AdminPageHeader, JsonView, TaskSearch],
  templateUrl: './task-timeline-page.html',
  styleUrl: './task-timeline-page.scss',
})
export class TaskTimelinePage {
  private readonly api = inject(AdminApi);

  /** From the `:id` route parameter; absent on `/admin/tasks`. */
  readonly id = input<string | undefined>(undefined);

  protected readonly timeline = rxResource({
    params: () => this.id() || undefined,
    stream: ({ params }) => this.api.taskEvents(params),
  });
  protected readonly value = computed(() => (this.timeline.hasValue() ? this.timeline.value() : null));
  protected readonly error = computed(() => {
    const error = this.timeline.error();
    return error ? (error instanceof ApiError ? error : ApiError.fromResponse(0, null)) : null;
  });
  protected readonly notFound = computed(() => {
    const error = this.error();
    return error !== null && (error.status === 404 || error.code === 'stream_not_found');
  });

  protected readonly time = formatPreciseTime;
  protected readonly count = formatCount;
}
