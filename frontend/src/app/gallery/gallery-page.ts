import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Router, RouterLink } from '@angular/router';

import { ApiClient } from '../core/api-client';
import { ApiError } from '../core/api-error';
import type { GalleryItem } from '../core/api-types';
import { CatalogStore } from '../core/catalog.store';
import { EmptyState } from '../shared/empty-state';
import { formatShortDate } from '../shared/format';
import { Icon } from '../shared/icon';
import { PageHeader } from '../shared/page-header';
import { TypeBadge } from '../shared/type-badge';
import { GALLERY_PAGE_SIZE, filterParams, filtersFrom, galleryQuery, hasFilters, type GalleryFilters } from './gallery-filters';
import { GalleryReturn } from './gallery-return';

/**
 * Finished outputs, newest first (GAL-1): a grid of previews with model, type and "only mine" filters and
 * pages. The filters and page live in the URL, so a reload or a shared link shows the same view (GAL-3).
 */
@Component({
  selector: 'gg-gallery-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    RouterLink,
    EmptyState,
    Icon,
    PageHeader,
    TypeBadge,
  ],
  templateUrl: './gallery-page.html',
  styleUrl: './gallery-page.scss',
})
export class GalleryPage {
  private readonly api = inject(ApiClient);
  private readonly router = inject(Router);
  private readonly galleryReturn = inject(GalleryReturn);
  protected readonly catalog = inject(CatalogStore);

  // Query parameters (component input binding).
  readonly page = input<string | undefined>(undefined);
  readonly model = input<string | undefined>(undefined);
  readonly type = input<string | undefined>(undefined);
  readonly mine = input<string | undefined>(undefined);

  protected readonly pageSize = GALLERY_PAGE_SIZE;
  protected readonly filters = computed<GalleryFilters>(() =>
    filtersFrom({ page: this.page(), model: this.model(), type: this.type(), mine: this.mine() }),
  );
  protected readonly filtered = computed(() => hasFilters(this.filters()));

  protected readonly result = rxResource({
    params: () => galleryQuery(this.filters()),
    stream: ({ params }) => this.api.gallery(params),
  });
  protected readonly items = computed<readonly GalleryItem[]>(() => (this.result.hasValue() ? this.result.value().items : []));
  protected readonly total = computed(() => (this.result.hasValue() ? this.result.value().total : 0));
  protected readonly error = computed(() => {
    const error = this.result.error();
    if (!error) return null;
    return error instanceof ApiError ? error : ApiError.fromResponse(0, null);
  });

  constructor() {
    effect(() => this.galleryReturn.params.set(filterParams(this.filters())));
  }

  protected modelName(id: string): string {
    return this.catalog.model(id)?.name ?? id;
  }

  protected date(iso: string): string {
    return formatShortDate(iso);
  }

  protected duration(item: GalleryItem): string {
    return item.duration_seconds != null ? `${Math.round(item.duration_seconds * 10) / 10} s` : '';
  }

  protected preview(item: GalleryItem): string {
    return this.api.mediaUrl(item.preview_url);
  }

  protected setFilter(change: Partial<GalleryFilters>): void {
    // Any filter change starts again at page 1; only paging keeps the others.
    void this.navigate({ ...this.filters(), page: 1, ...change });
  }

  protected clearFilters(): void {
    void this.navigate({ page: 1, model: '', type: '', mine: false });
  }

  protected onPage(event: PageEvent): void {
    void this.navigate({ ...this.filters(), page: event.pageIndex + 1 });
  }

  private navigate(filters: GalleryFilters): Promise<boolean> {
    return this.router.navigate([], { queryParams: filterParams(filters), queryParamsHandling: 'merge' });
  }
}
