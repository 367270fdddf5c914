import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

import { EmptyState } from '../shared/empty-state';
import { PageHeader } from '../shared/page-header';

/** Placeholder for one task's live status (GEN-2, GEN-3), result and actions (GEN-5). */
@Component({
  selector: 'gg-task-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, RouterLink, EmptyState, PageHeader],
  template: `
    <gg-page-header heading="Task" [description]="'ID ' + id()" />
    <gg-empty-state
      icon="schedule"
      title="Waiting for this task"
      message="Live progress, the finished image or video and the settings that made it will show up here."
    >
      <a mat-stroked-button routerLink="/generate">New generation</a>
    </gg-empty-state>
  `,
})
export class TaskPage {
  /** From the `:id` route parameter (component input binding). */
  readonly id = input.required<string>();
}
