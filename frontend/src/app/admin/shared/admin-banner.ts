import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import { AdminIcon, type AdminIconName } from './admin-icon';

export type BannerTone = 'success' | 'attention' | 'danger' | 'info';

const ICONS: Readonly<Record<BannerTone, AdminIconName>> = { success: 'verified', attention: 'warning', danger: 'warning', info: 'dashboard' };

/** A block message with an icon, a title and projected details. `role` is `status` or `alert` by tone. */
@Component({
  selector: 'gg-admin-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AdminIcon],
  template: `
    <gg-admin-icon class="icon" [name]="icon()" />
    <div class="text">
      <p class="title">{{ title() }}</p>
      <div class="body"><ng-content /></div>
    </div>
    <div class="actions"><ng-content select="[bannerAction]" /></div>
  `,
  host: { '[class]': "'tone-' + tone()", '[attr.role]': "tone() === 'danger' ? 'alert' : 'status'" },
  styles: `
    :host { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; padding: 14px 16px; border-radius: 16px; font: var(--mat-sys-body-medium); }
    :host(.tone-success) { background: light-dark(#cdeecf, #17381d); color: light-dark(#0b4a19, #b3efbc); }
    :host(.tone-attention) { background: light-dark(#ffe9a8, #4a3a00); color: light-dark(#4d3800, #ffe08a); }
    :host(.tone-danger) { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    :host(.tone-info) { background: var(--mat-sys-surface-container-high); color: var(--mat-sys-on-surface); }
    .text { flex: 1 1 200px; min-inline-size: 0; }
    .title { margin: 0; font: var(--mat-sys-title-small); overflow-wrap: anywhere; }
    .body:not(:empty) { margin-block-start: 4px; overflow-wrap: anywhere; }
    .actions:empty { display: none; }
  `,
})
export class AdminBanner {
  readonly tone = input<BannerTone>('info');
  readonly title = input.required<string>();
  protected readonly icon = computed(() => ICONS[this.tone()]);
}
