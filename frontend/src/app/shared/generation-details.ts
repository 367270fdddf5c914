import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import type { StatusDocument } from '../core/api-types';
import { CatalogStore } from '../core/catalog.store';
import { formatBytes, formatDateTime, formatMs } from './format';

interface Row {
  readonly label: string;
  readonly value: string;
}

/**
 * What made an output (GEN-7): prompt, model, mode, size, seed, every parameter and the timings, labelled
 * from the catalog when it knows the field.
 */
@Component({
  selector: 'gg-generation-details',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="block" aria-labelledby="gg-details-prompt">
      <h2 class="title" id="gg-details-prompt">Prompt</h2>
      <p class="prompt">{{ task().prompt }}</p>
      @if (task().negative_prompt) {
        <h3 class="subtitle">Negative prompt</h3>
        <p class="prompt negative">{{ task().negative_prompt }}</p>
      }
    </section>
    <section class="block" aria-labelledby="gg-details-settings">
      <h2 class="title" id="gg-details-settings">Settings</h2>
      <dl class="rows">
        @for (row of settings(); track row.label) {
          <div class="row"><dt>{{ row.label }}</dt><dd>{{ row.value }}</dd></div>
        }
      </dl>
    </section>
    <section class="block" aria-labelledby="gg-details-timings">
      <h2 class="title" id="gg-details-timings">Timings</h2>
      <dl class="rows">
        @for (row of timings(); track row.label) {
          <div class="row"><dt>{{ row.label }}</dt><dd>{{ row.value }}</dd></div>
        }
      </dl>
    </section>
  `,
  styles: `
    :host { display: flex; flex-direction: column; gap: 20px; }
    .title { margin: 0 0 8px; font: var(--mat-sys-title-medium); }
    .subtitle { margin: 12px 0 4px; font: var(--mat-sys-title-small); color: var(--mat-sys-on-surface-variant); }
    .prompt { margin: 0; font: var(--mat-sys-body-large); white-space: pre-wrap; overflow-wrap: anywhere; }
    .negative { font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .rows { display: grid; grid-template-columns: repeat(auto-fill, minmax(132px, 1fr)); gap: 12px 16px; margin: 0; }
    .row { display: flex; flex-direction: column; gap: 2px; min-inline-size: 0; }
    dt { font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
  `,
})
export class GenerationDetails {
  private readonly catalog = inject(CatalogStore);

  readonly task = input.required<StatusDocument>();

  protected readonly settings = computed<Row[]>(() => {
    const task = this.task();
    const model = this.catalog.model(task.model);
    const label = (field: string) => this.catalog.fieldLabel(task.model, field);
    const rows: Row[] = [
      { label: 'Model', value: model?.name ?? task.model },
      { label: 'Mode', value: this.catalog.modeLabel(task.model, task.mode) },
      { label: 'Size', value: `${task.result?.width ?? task.width} × ${task.result?.height ?? task.height}` },
      { label: label('seed'), value: String(task.seed) },
      { label: label('output_format'), value: task.output_format },
    ];
    for (const [name, value] of Object.entries(task.parameters ?? {})) rows.push({ label: label(name), value: String(value) });
    const result = task.result;
    if (result?.duration_seconds != null) rows.push({ label: 'Duration', value: `${result.duration_seconds.toFixed(1)} s` });
    if (result?.frames != null) rows.push({ label: 'Frames rendered', value: String(result.frames) });
    if (result) rows.push({ label: 'File', value: `${result.mime} · ${formatBytes(result.bytes)}` });
    return rows;
  });

  protected readonly timings = computed<Row[]>(() => {
    const task = this.task();
    return [
      { label: 'Submitted', value: formatDateTime(task.created_at) },
      { label: 'Finished', value: formatDateTime(task.finished_at) },
      { label: 'Waited in queue', value: formatMs(task.timings?.queued_ms) },
      { label: 'Generating', value: formatMs(task.timings?.processing_ms) },
      { label: 'Total', value: formatMs(task.timings?.total_ms) },
    ];
  });
}
