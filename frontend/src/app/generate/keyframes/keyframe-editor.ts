import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { FieldValue, ImageInputLimits } from '@gg/contracts/settings';

import { Icon } from '../../shared/icon';
import type { ImageValue, KeyframeRow } from '../form/draft';
import { keyframeItemViews, type KeyframesFieldView } from '../form/form-fields';
import type { FieldErrors } from '../form/form-validation';
import { ImageInput } from '../image-input/image-input';
import { ScalarField } from '../fields/scalar-field';

export interface KeyframeChange {
  readonly id: number;
  readonly patch: Partial<Omit<KeyframeRow, 'id'>>;
}

/** Keyframes of `arbitrary_frame` mode: rows of frame index, image and strength, added and removed freely. */
@Component({
  selector: 'gg-keyframe-editor',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, Icon, ImageInput, ScalarField],
  templateUrl: './keyframe-editor.html',
  styleUrl: './keyframe-editor.scss',
  host: { '[attr.data-field]': 'view().name' },
})
export class KeyframeEditor {
  readonly view = input.required<KeyframesFieldView>();
  readonly rows = input.required<readonly KeyframeRow[]>();
  readonly errors = input<FieldErrors>({});
  readonly imageLimits = input.required<ImageInputLimits>();
  readonly add = output<void>();
  readonly remove = output<number>();
  readonly rowChange = output<KeyframeChange>();

  protected readonly items = computed(() =>
    this.rows().map((row, index) => ({ row, index, path: `${this.view().name}[${index}]`, ...keyframeItemViews(this.view(), index) })),
  );
  protected readonly canAdd = computed(() => this.rows().length < this.view().spec.max_items);
  protected readonly canRemove = computed(() => this.rows().length > this.view().spec.min_items);
  protected readonly frameNote = computed(() => {
    const bound = this.view().frameBound;
    return bound === undefined ? '' : `Frames 0–${bound - 1} of ${bound}`;
  });
  protected readonly listError = computed(() => this.errors()[this.view().name]);

  protected setNumber(id: number, key: 'frame_index' | 'strength', value: FieldValue): void {
    this.rowChange.emit({ id, patch: { [key]: Number(value) } });
  }

  protected setImage(id: number, image: ImageValue | null): void {
    this.rowChange.emit({ id, patch: { image } });
  }
}
