import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import type { MediaType } from '../core/api-types';

/** A small "Image" / "Video" pill. */
@Component({
  selector: 'gg-type-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `{{ type() === 'video' ? 'Video' : 'Image' }}`,
  host: { '[class.is-video]': "type() === 'video'" },
  styles: `
    :host {
      display: inline-flex; align-items: center; block-size: 22px; padding-inline: 8px; border-radius: 11px;
      font: var(--mat-sys-label-small); letter-spacing: 0.04em; text-transform: uppercase; white-space: nowrap;
      background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container);
    }
    :host(.is-video) { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
  `,
})
export class TypeBadge {
  readonly type = input.required<MediaType>();
}
