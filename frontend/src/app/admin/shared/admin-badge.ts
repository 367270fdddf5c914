import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * How a badge looks. Each tone has its own colour and dot shape, and the label always names the state,
 * so nothing depends on colour alone.
 */
export type BadgeTone = 'neutral' | 'progress' | 'attention' | 'success' | 'danger' | 'muted';

/** A small status pill: a shaped dot and a word. `busy` makes the dot pulse (respecting reduced motion). */
@Component({
  selector: 'gg-admin-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="dot" aria-hidden="true"></span><span class="label">{{ label() }}</span>`,
  host: { '[class]': "'tone-' + tone()", '[class.busy]': 'busy()' },
  styles: `
    :host {
      display: inline-flex; align-items: center; gap: 6px; block-size: 24px; padding-inline: 8px 10px;
      border-radius: 12px; font: var(--mat-sys-label-medium); white-space: nowrap; box-sizing: border-box;
      background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface);
    }
    .dot { inline-size: 8px; block-size: 8px; border-radius: 50%; background: currentColor; flex: none; }
    :host(.tone-neutral) .dot { background: transparent; border: 2px solid currentColor; box-sizing: border-box; }
    :host(.tone-progress) { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    :host(.tone-attention) { background: light-dark(#ffe9a8, #4a3a00); color: light-dark(#4d3800, #ffe08a); }
    :host(.tone-attention) .dot { border-radius: 1px; transform: rotate(45deg); }
    :host(.tone-success) { background: light-dark(#cdeecf, #17381d); color: light-dark(#0b4a19, #b3efbc); }
    :host(.tone-danger) { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    :host(.tone-danger) .dot { border-radius: 1px; }
    :host(.tone-muted) { background: transparent; border: 1px solid var(--mat-sys-outline); color: var(--mat-sys-on-surface-variant); }
    :host(.tone-muted) .dot { block-size: 2px; border-radius: 1px; }
    :host(.busy) .dot { animation: gg-badge-pulse 1.2s ease-in-out infinite; }
    @keyframes gg-badge-pulse { 50% { opacity: 0.25; } }
  `,
})
export class AdminBadge {
  readonly label = input.required<string>();
  readonly tone = input<BadgeTone>('neutral');
  readonly busy = input(false);
}
