import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { ImageInputLimits } from '@gg/contracts/settings';

import { formatBytes } from '../../shared/format';
import { Icon } from '../../shared/icon';
import type { ImageValue } from '../form/draft';
import { ImageFileReader, ImageProblem, formatMb } from './image-file.reader';

let nextId = 0;

/**
 * A reference image: choose or drop a file, see it, replace or remove it. The file is checked here
 * against the catalog's `image_input` limits before anything is sent.
 */
@Component({
  selector: 'gg-image-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressSpinnerModule, Icon],
  templateUrl: './image-input.html',
  styleUrl: './image-input.scss',
  host: { '[attr.data-field]': 'name()' },
})
export class ImageInput {
  private readonly reader = inject(ImageFileReader);
  private readonly fileInput = viewChild.required<ElementRef<HTMLInputElement>>('file');

  readonly name = input('');
  readonly label = input.required<string>();
  readonly required = input(false);
  readonly value = input<ImageValue | null>(null);
  readonly limits = input.required<ImageInputLimits>();
  /** A problem found by the form or the server. */
  readonly error = input<string | undefined>(undefined);
  /** Smaller layout for keyframe rows. */
  readonly compact = input(false);
  readonly valueChange = output<ImageValue | null>();

  protected readonly id = `gg-image-${nextId++}`;
  protected readonly reading = signal(false);
  protected readonly dragging = signal(false);
  private readonly problem = signal<string | null>(null);

  protected readonly message = computed(() => this.problem() ?? this.error() ?? null);
  protected readonly accept = computed(() => this.limits().formats.map((f) => `image/${f}`).join(','));
  protected readonly rules = computed(() => {
    const limits = this.limits();
    const formats = limits.formats.map((f) => f.toUpperCase()).join(', ');
    return `${formats} · up to ${formatMb(limits.max_decoded_bytes)} · at most ${limits.max_dimension} px a side`;
  });
  protected readonly details = computed(() => {
    const value = this.value();
    return value ? `${value.width}×${value.height} · ${formatBytes(value.bytes)}` : '';
  });

  protected choose(): void {
    this.fileInput().nativeElement.click();
  }

  protected onFileChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.take(file);
  }

  protected onDragOver(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(true);
  }

  protected onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    const file = event.dataTransfer?.files[0];
    if (file) void this.take(file);
  }

  protected remove(): void {
    this.problem.set(null);
    this.valueChange.emit(null);
  }

  /** Reads and checks a file; public for tests, which cannot drive a file picker. */
  async take(file: File): Promise<void> {
    this.reading.set(true);
    this.problem.set(null);
    try {
      this.valueChange.emit(await this.reader.read(file, this.limits()));
    } catch (error: unknown) {
      this.problem.set(error instanceof ImageProblem ? error.message : 'The image could not be read.');
    } finally {
      this.reading.set(false);
    }
  }
}
