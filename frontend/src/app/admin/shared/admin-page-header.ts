import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The screen's single `<h1>`, a one-line description, and the screen's main actions on the right. */
@Component({
  selector: 'gg-admin-page-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="text">
      <h1 class="heading">{{ heading() }}</h1>
      @if (description()) {
        <p class="description">{{ description() }}</p>
      }
    </div>
    <div class="actions"><ng-content /></div>
  `,
  styles: `
    :host { display: flex; flex-wrap: wrap; align-items: flex-end; justify-content: space-between; gap: 12px 24px; margin-block-end: 24px; }
    .text { flex: 1 1 280px; min-inline-size: 0; }
    .heading { margin: 0; font: var(--mat-sys-headline-medium); color: var(--mat-sys-on-surface); overflow-wrap: anywhere; }
    .description { margin: 4px 0 0; font: var(--mat-sys-body-large); color: var(--mat-sys-on-surface-variant); }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
    .actions:empty { display: none; }
    @media (max-width: 599.98px) { .heading { font: var(--mat-sys-headline-small); } .description { font: var(--mat-sys-body-medium); } }
  `,
})
export class AdminPageHeader {
  readonly heading = input.required<string>();
  readonly description = input('');
}
