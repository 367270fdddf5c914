import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

import type { DurationChoice } from '../form/form-presets';

/** Quick duration presets for video models: seconds → frames at the current fps (`framesForDuration`). */
@Component({
  selector: 'gg-duration-presets',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (choices().length) {
      <div class="presets" role="group" aria-label="Duration presets">
        @for (choice of choices(); track choice.seconds) {
          <button
            type="button"
            class="preset"
            [attr.aria-pressed]="choice.active"
            [disabled]="!choice.enabled"
            [title]="choice.enabled ? choice.frames + ' frames ≈ ' + choice.actualSeconds + ' s' : choice.frames + ' frames is outside the range; turn on Advanced'"
            (click)="pick.emit(choice)"
          >
            {{ choice.seconds }} s
          </button>
        }
      </div>
    }
  `,
  styleUrl: './presets.scss',
})
export class DurationPresets {
  readonly choices = input.required<readonly DurationChoice[]>();
  readonly pick = output<DurationChoice>();
}
