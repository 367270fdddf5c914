import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { ApiClient } from '../core/api-client';
import { ApiError } from '../core/api-error';
import { CatalogStore } from '../core/catalog.store';
import { LastTaskStore } from '../core/last-task.store';
import { Notifications } from '../core/notifications.service';
import { ConfirmDialog, type ConfirmDialogData } from '../shared/confirm-dialog';
import { EmptyState } from '../shared/empty-state';
import { GenerationDetails } from '../shared/generation-details';
import { Icon } from '../shared/icon';
import { MediaView } from '../shared/media-view';
import { TypeBadge } from '../shared/type-badge';
import { GalleryReturn } from './gallery-return';

/**
 * One output of the gallery: the full media, what made it, Download, "Use these settings again", and
 * Delete after a confirmation (GAL-2). Read from `GET /status/{id}`, so it survives a reload (GAL-3).
 */
@Component({
  selector: 'gg-gallery-item-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, RouterLink, EmptyState, GenerationDetails, Icon, MediaView, TypeBadge],
  templateUrl: './gallery-item-page.html',
  styleUrl: './gallery-item-page.scss',
})
export class GalleryItemPage {
  private readonly api = inject(ApiClient);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly notifications = inject(Notifications);
  private readonly lastTask = inject(LastTaskStore);
  private readonly catalog = inject(CatalogStore);
  protected readonly backParams = inject(GalleryReturn).params;

  /** From the `:id` route parameter. */
  readonly id = input.required<string>();

  protected readonly deleting = signal(false);
  protected readonly item = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.status(params) });
  protected readonly task = computed(() => (this.item.hasValue() ? this.item.value() : null));
  protected readonly error = computed(() => {
    const error = this.item.error();
    if (!error) return null;
    return error instanceof ApiError ? error : ApiError.fromResponse(0, null);
  });
  protected readonly modelName = computed(() => {
    const task = this.task();
    return task ? (this.catalog.model(task.model)?.name ?? task.model) : '';
  });
  protected readonly mediaUrl = computed(() => {
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

  protected async confirmDelete(): Promise<void> {
    const data: ConfirmDialogData = {
      title: 'Delete this output?',
      message: 'The file is removed for good and the item leaves the gallery. This cannot be undone.',
      confirm: 'Delete',
    };
    const confirmed = await firstValueFrom(this.dialog.open(ConfirmDialog, { data, autoFocus: 'dialog', role: 'alertdialog' }).afterClosed());
    if (confirmed !== true) return;
    this.deleting.set(true);
    try {
      await firstValueFrom(this.api.deleteGalleryItem(this.id()));
      this.lastTask.forget(this.id());
      this.notifications.info('Deleted.');
      await this.router.navigate(['/gallery'], { queryParams: this.backParams() });
    } catch (error: unknown) {
      this.notifications.error(error);
    } finally {
      this.deleting.set(false);
    }
  }
}
