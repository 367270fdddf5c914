import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';

import { AdminIcon } from './admin-icon';

/** "Open a task's timeline" (AUD-4): a task id, or a `task-<id>` stream name, leads to `/admin/tasks/<id>`. */
@Component({
  selector: 'gg-task-search',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, AdminIcon],
  template: `
    <form class="search" role="search" [attr.aria-label]="label()" [formGroup]="form" (ngSubmit)="open()" novalidate>
      <mat-form-field appearance="outline" subscriptSizing="dynamic" hideRequiredMarker class="field">
        <mat-label>{{ label() }}</mat-label>
        <input matInput formControlName="id" autocomplete="off" spellcheck="false" placeholder="Task id" />
        <mat-error>Enter a task id.</mat-error>
      </mat-form-field>
      <button mat-stroked-button type="submit" class="go">
        <gg-admin-icon matButtonIcon class="mat-icon" name="search" />
        Open timeline
      </button>
    </form>
  `,
  styles: `
    .search { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-start; }
    .field { flex: 1 1 220px; }
    .go { block-size: 56px; }
  `,
})
export class TaskSearch {
  private readonly router = inject(Router);
  readonly label = input('Task timeline');

  protected readonly form = inject(NonNullableFormBuilder).group({ id: ['', Validators.required] });

  protected open(): void {
    const raw = this.form.controls.id.value.trim();
    const id = raw.startsWith('task-') ? raw.slice(5) : raw;
    if (!id) {
      this.form.markAllAsTouched();
      return;
    }
    void this.router.navigate(['/admin/tasks', id]);
  }
}
