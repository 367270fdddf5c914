import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import { Icon, type IconName } from './icon';

/** The "nothing here yet" block: an icon, a short title, a sentence, and projected actions. */
@Component({
  selector: 'gg-empty-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon],
  template: `
    <div class="art" aria-hidden="true"><gg-icon [name]="icon()" /></div>
    <h2 class="title">{{ title() }}</h2>
    <p class="message">{{ message() }}</p>
    <div class="actions"><ng-content /></div>
  `,
  styles: `
    :host {
      display: flex; flex-direction: column; align-items: center; text-align: center; gap: 8px;
      padding: 48px 24px; border-radius: 28px;
      background: var(--mat-sys-surface-container-low);
      border: 1px dashed var(--mat-sys-outline-variant);
    }
    .art {
      --gg-icon-size: 36px;
      display: grid; place-items: center; inline-size: 72px; block-size: 72px; border-radius: 50%;
      margin-block-end: 8px;
      color: var(--mat-sys-on-secondary-container); background: var(--mat-sys-secondary-container);
    }
    .title { margin: 0; font: var(--mat-sys-title-large); color: var(--mat-sys-on-surface); }
    .message { margin: 0; max-inline-size: 44ch; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    @media (max-width: 599.98px) { :host { padding: 32px 16px; border-radius: 24px; } }
    .actions:not(:empty) { margin-block-start: 16px; display: flex; flex-wrap: wrap; gap: 8px; justify-content: center; }
  `,
})
export class EmptyState {
  readonly icon = input<IconName>('image');
  readonly title = input.required<string>();
  readonly message = input('');
}
