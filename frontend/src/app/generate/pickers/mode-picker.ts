import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { ModeSpec } from '@gg/contracts/settings';

/** The model's modes (first is the default) as a wrapping row of radio chips. */
@Component({
  selector: 'gg-mode-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="group">
      <legend class="legend">Mode</legend>
      <div class="chips">
        @for (mode of modes(); track mode.id) {
          <label class="chip" [class.is-selected]="mode.id === selected()" [title]="mode.description ?? ''">
            <input
              class="radio"
              type="radio"
              name="gg-mode"
              [value]="mode.id"
              [checked]="mode.id === selected()"
              (change)="selectedChange.emit(mode.id)"
            />
            {{ mode.label }}
          </label>
        }
      </div>
    </fieldset>
  `,
  styleUrl: './pickers.scss',
})
export class ModePicker {
  readonly modes = input.required<readonly ModeSpec[]>();
  readonly selected = input<string | null>(null);
  readonly selectedChange = output<string>();
}
