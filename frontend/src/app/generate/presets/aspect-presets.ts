import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { AspectPreset } from '@gg/contracts/settings';

import type { AspectChoice } from '../form/form-presets';

/** Quick aspect presets (catalog `presets.aspects`) that set width and height in one click. */
@Component({
  selector: 'gg-aspect-presets',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (choices().length) {
      <div class="presets" role="group" aria-label="Aspect ratio presets">
        @for (choice of choices(); track choice.preset.id) {
          <button
            type="button"
            class="preset"
            [attr.aria-pressed]="choice.active"
            [title]="choice.preset.width + ' × ' + choice.preset.height"
            (click)="pick.emit(choice.preset)"
          >
            <span class="shape" aria-hidden="true" [style.aspect-ratio]="choice.preset.width + ' / ' + choice.preset.height"></span>
            {{ choice.preset.label }}
          </button>
        }
      </div>
    }
  `,
  styleUrl: './presets.scss',
})
export class AspectPresets {
  readonly choices = input.required<readonly AspectChoice[]>();
  readonly pick = output<AspectPreset>();
}
