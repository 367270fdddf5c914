import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { ModelSpec } from '@gg/contracts/settings';

import { TypeBadge } from '../../shared/type-badge';

/** The model families in catalog order, as a radio group of cards with an image/video badge. */
@Component({
  selector: 'gg-model-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TypeBadge],
  template: `
    <fieldset class="group">
      <legend class="legend">Model</legend>
      <div class="cards">
        @for (model of models(); track model.id) {
          <label class="card" [class.is-selected]="model.id === selected()">
            <input
              class="radio"
              type="radio"
              name="gg-model"
              [value]="model.id"
              [checked]="model.id === selected()"
              (change)="selectedChange.emit(model.id)"
            />
            <span class="head">
              <span class="name">{{ model.name }}</span>
              <gg-type-badge [type]="model.type" />
            </span>
            @if (model.description) {
              <span class="description">{{ model.description }}</span>
            }
          </label>
        }
      </div>
    </fieldset>
  `,
  styleUrl: './pickers.scss',
})
export class ModelPicker {
  readonly models = input.required<readonly ModelSpec[]>();
  readonly selected = input<string | null>(null);
  readonly selectedChange = output<string>();
}
