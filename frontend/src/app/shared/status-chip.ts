import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import type { TaskStatus } from '../core/api-types';

const LABELS: Readonly<Record<TaskStatus, string>> = {
  pending: 'Queued',
  processing: 'Generating',
  done: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
};

/** A task's status as a coloured chip (text, not colour alone, carries the meaning). */
@Component({
  selector: 'gg-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="dot" aria-hidden="true"></span>{{ label() }}`,
  host: { '[class]': "'is-' + status()", '[attr.data-status]': 'status()' },
  styles: `
    :host {
      display: inline-flex; align-items: center; gap: 8px; block-size: 32px; padding-inline: 12px 14px;
      border-radius: 8px; font: var(--mat-sys-label-large); white-space: nowrap;
      background: var(--mat-sys-surface-container-high); color: var(--mat-sys-on-surface);
    }
    .dot { inline-size: 8px; block-size: 8px; border-radius: 50%; background: currentColor; }
    :host(.is-processing) { background: var(--mat-sys-primary-container); color: var(--mat-sys-on-primary-container); }
    :host(.is-processing) .dot { animation: gg-pulse 1.2s ease-in-out infinite; }
    :host(.is-done) { background: var(--mat-sys-tertiary-container); color: var(--mat-sys-on-tertiary-container); }
    :host(.is-failed) { background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); }
    :host(.is-canceled) { background: transparent; border: 1px solid var(--mat-sys-outline); color: var(--mat-sys-on-surface-variant); }
    @keyframes gg-pulse { 50% { opacity: 0.3; } }
  `,
})
export class StatusChip {
  readonly status = input.required<TaskStatus>();
  protected readonly label = computed(() => LABELS[this.status()] ?? this.status());
}
