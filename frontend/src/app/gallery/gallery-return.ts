import { Injectable, signal } from '@angular/core';
import type { Params } from '@angular/router';

/** The gallery page and filters last shown, so the detail view's "Back" returns to the same place. */
@Injectable({ providedIn: 'root' })
export class GalleryReturn {
  readonly params = signal<Params>({});
}
