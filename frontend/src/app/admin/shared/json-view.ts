import { ChangeDetectionStrategy, Component, computed, input, linkedSignal } from '@angular/core';

import { prettyJson } from './admin-format';

/**
 * Pretty JSON behind a native disclosure (`<details>`): keyboard and screen-reader friendly without code.
 * The text is rendered only while open, so long timelines stay light.
 */
@Component({
  selector: 'gg-json-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <details [open]="open()" #details (toggle)="expanded.set(details.open)">
      <summary>{{ label() }}</summary>
      @if (expanded()) {
        <pre class="json" tabindex="0" [attr.aria-label]="label()">{{ text() }}</pre>
      }
    </details>
  `,
  styles: `
    :host { display: block; min-inline-size: 0; }
    summary { cursor: pointer; inline-size: fit-content; padding: 4px 6px; border-radius: 6px; font: var(--mat-sys-label-large); color: var(--mat-sys-primary); }
    summary:hover { background: color-mix(in srgb, var(--mat-sys-primary) 8%, transparent); }
    .json {
      margin: 6px 0 0; padding: 12px; max-block-size: 420px; overflow: auto; border-radius: 8px;
      background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface);
      font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; tab-size: 2;
    }
  `,
})
export class JsonView {
  readonly value = input.required<unknown>();
  readonly label = input('Details');
  readonly open = input(false);
  protected readonly expanded = linkedSignal(() => this.open());
  protected readonly text = computed(() => prettyJson(this.value()));
}
