import type { Params } from '@angular/router';

import type { GalleryQuery, MediaType } from '../core/api-types';

/** Items per gallery page: divides evenly into rows of 2, 3 and 4. */
export const GALLERY_PAGE_SIZE = 24;

/** The gallery's state as it appears in its URL (`/gallery?page=2&model=flux&type=image&mine=1`), GAL-3. */
export interface GalleryFilters {
  readonly page: number;
  readonly model: string;
  readonly type: MediaType | '';
  readonly mine: boolean;
}

export const NO_FILTERS: GalleryFilters = { page: 1, model: '', type: '', mine: false };

/** Reads (untrusted) URL query values; anything odd falls back to "no filter" and page 1. */
export function filtersFrom(raw: { page?: unknown; model?: unknown; type?: unknown; mine?: unknown }): GalleryFilters {
  const page = Number(raw.page);
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    model: typeof raw.model === 'string' ? raw.model : '',
    type: raw.type === 'image' || raw.type === 'video' ? raw.type : '',
    mine: raw.mine === '1' || raw.mine === 'true' || raw.mine === true,
  };
}

/** URL query parameters for the filters; defaults are left out so the plain `/gallery` stays plain. */
export function filterParams(filters: GalleryFilters): Params {
  return {
    page: filters.page > 1 ? filters.page : null,
    model: filters.model || null,
    type: filters.type || null,
    mine: filters.mine ? '1' : null,
  };
}

/** The `GET /gallery` query (GAL-1): newest first is the server's default order. */
export function galleryQuery(filters: GalleryFilters, perPage = GALLERY_PAGE_SIZE): GalleryQuery {
  return {
    page: filters.page,
    per_page: perPage,
    ...(filters.model ? { model: filters.model } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.mine ? { owner: 'me' as const } : {}),
  };
}

export function hasFilters(filters: GalleryFilters): boolean {
  return filters.model !== '' || filters.type !== '' || filters.mine;
}
