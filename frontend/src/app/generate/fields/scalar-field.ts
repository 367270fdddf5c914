import { ChangeDetectionStrategy, Component, afterRenderEffect, computed, input, output, viewChildren } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { ErrorStateMatcher } from '@angular/material/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput, MatInputModule } from '@angular/material/input';
import { MatSelect, MatSelectModule } from '@angular/material/select';
import { MatSliderModule } from '@angular/material/slider';
import type { FieldValue } from '@gg/contracts/settings';

import { Icon } from '../../shared/icon';
import type { NumericFieldView, StringFieldView } from '../form/form-fields';

let nextId = 0;

/**
 * One number or text field of the catalog, drawn by its spec: slider, number box, select, textarea, or a
 * locked box for a fixed parameter. Limits come from the view (recommended, or accepted with Advanced).
 */
@Component({
  selector: 'gg-scalar-field',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatSliderModule, Icon],
  templateUrl: './scalar-field.html',
  styleUrl: './scalar-field.scss',
  host: { '[attr.data-field]': 'view().name' },
})
export class ScalarField {
  readonly view = input.required<NumericFieldView | StringFieldView>();
  readonly value = input<FieldValue | undefined>(undefined);
  readonly error = input<string | undefined>(undefined);
  /** A note under the field, e.g. the value the server will round to. */
  readonly note = input('');
  readonly valueChange = output<FieldValue>();

  protected readonly id = `gg-field-${nextId++}`;
  protected readonly errorMatcher: ErrorStateMatcher = { isErrorState: () => !!this.error() };
  private readonly inputs = viewChildren(MatInput);
  private readonly selects = viewChildren(MatSelect);

  constructor() {
    // Material re-reads the error state only for controls bound to Angular forms; these are not.
    afterRenderEffect(() => {
      this.error();
      for (const control of [...this.inputs(), ...this.selects()]) control.updateErrorState();
    });
  }

  protected readonly numeric = computed(() => {
    const view = this.view();
    return view.kind === 'numeric' ? view : null;
  });
  protected readonly control = computed(() => this.view().control);
  protected readonly unit = computed(() => this.numeric()?.spec.unit ?? '');
  /** What a number box shows: the number, or nothing while it is being retyped. */
  protected readonly numberText = computed(() => {
    const value = this.value();
    return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
  });
  protected readonly sliderValue = computed(() => {
    const numeric = this.numeric();
    const value = this.value();
    if (!numeric) return 0;
    const { min, max } = numeric.limits;
    return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
  });
  protected readonly text = computed(() => String(this.value() ?? ''));
  protected readonly length = computed(() => [...this.text()].length);
  protected readonly maxLength = computed(() => {
    const view = this.view();
    return view.kind === 'string' ? view.spec.max_length : undefined;
  });
  protected readonly fixedText = computed(() => {
    const view = this.view();
    const value = view.spec.default ?? '';
    return view.kind === 'numeric' && view.spec.unit ? `${value} ${view.spec.unit}` : String(value);
  });
  /** Hint under a seed-like field: the labelled special values (`-1: Random`). */
  protected readonly specialValues = computed(() => {
    const numeric = this.numeric();
    if (!numeric || numeric.spec.options?.length) return '';
    return Object.entries(numeric.spec.option_labels ?? {})
      .map(([value, label]) => `${value} = ${label}`)
      .join(', ');
  });
  protected readonly randomValue = computed(() => {
    const labels = this.numeric()?.spec.option_labels ?? {};
    const entry = Object.keys(labels).find((value) => Number.isFinite(Number(value)));
    return entry === undefined ? null : Number(entry);
  });
  protected readonly rangeHint = computed(() => {
    const numeric = this.numeric();
    if (!numeric) return '';
    const { min, max } = numeric.limits;
    return `${min}–${max}${numeric.spec.unit ? ` ${numeric.spec.unit}` : ''}`;
  });

  protected onNumber(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.valueChange.emit(input.value.trim() === '' ? Number.NaN : Number(input.value));
  }

  protected onSlider(value: number): void {
    this.valueChange.emit(value);
  }

  protected onText(event: Event): void {
    this.valueChange.emit((event.target as HTMLInputElement | HTMLTextAreaElement).value);
  }

  protected onSelect(value: FieldValue): void {
    this.valueChange.emit(value);
  }
}
