import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';

import type { MediaType } from '../core/api-types';
import { Icon } from './icon';

/** The finished image, or a seekable video (the server answers Range requests, GEN-4). */
@Component({
  selector: 'gg-media-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon],
  template: `
    @if (failed()) {
      <div class="missing" role="alert">
        <gg-icon name="error" />
        <span>The file could not be loaded. It may have been deleted.</span>
      </div>
    } @else if (type() === 'video') {
      <video class="media" controls playsinline preload="metadata" [src]="src()" [attr.poster]="poster() || null" [attr.aria-label]="alt()" (error)="failed.set(true)"></video>
    } @else {
      <img class="media" [src]="src()" [alt]="alt()" [attr.width]="width()" [attr.height]="height()" (error)="failed.set(true)" />
    }
  `,
  styles: `
    :host { display: grid; place-items: center; border-radius: 20px; overflow: hidden; background: var(--mat-sys-surface-container-highest); }
    .media { display: block; max-inline-size: 100%; max-block-size: min(72vh, 900px); inline-size: auto; block-size: auto; object-fit: contain; }
    video.media { inline-size: 100%; background: #000; }
    .missing { display: flex; gap: 12px; align-items: center; padding: 48px 24px; color: var(--mat-sys-on-surface-variant); }
  `,
})
export class MediaView {
  readonly type = input.required<MediaType>();
  readonly src = input.required<string>();
  readonly alt = input('');
  readonly poster = input<string | null>(null);
  readonly width = input<number | null>(null);
  readonly height = input<number | null>(null);
  protected readonly failed = signal(false);
}
