import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The page's single `<h1>` with an optional one-line description. */
@Component({
  selector: 'gg-page-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="heading">{{ heading() }}</h1>
    @if (description()) {
      <p class="description">{{ description() }}</p>
    }
  `,
  styles: `
    :host { display: block; margin-block-end: 24px; }
    .heading { margin: 0; font: var(--mat-sys-headline-medium); color: var(--mat-sys-on-surface); }
    .description { margin: 4px 0 0; font: var(--mat-sys-body-large); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class PageHeader {
  readonly heading = input.required<string>();
  readonly description = input('');
}
