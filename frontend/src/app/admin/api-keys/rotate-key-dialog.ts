import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';

import { ApiError } from '../../core/api-error';
import { AdminApi } from '../shared/admin-api';
import type { ApiKeyInfo, RotatedApiKey } from '../shared/admin-api.types';

/** AUTH-3 / specs/security.md: the old secret keeps working this long after a rotation unless told otherwise. */
export const DEFAULT_GRACE_HOURS = 24;
export const MAX_GRACE_HOURS = 168;

/** AUTH-3: a new secret for a key; the old one keeps working for a grace period the admin chooses. */
@Component({
  selector: 'gg-rotate-key-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>Rotate “{{ key.name }}”?</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <p class="intro">
          A new secret is issued and shown once. The current one (<code>{{ key.prefix }}…</code>) keeps working for the grace
          period below, so clients can switch without downtime. Use 0 if the key leaked: the old secret stops at once.
        </p>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>Grace period (hours)</mat-label>
          <input matInput type="number" inputmode="numeric" min="0" [max]="maxGrace" step="1" formControlName="grace_hours" required />
          <mat-hint>0 to {{ maxGrace }} hours (7 days).</mat-hint>
          <mat-error>A whole number of hours from 0 to {{ maxGrace }}.</mat-error>
        </mat-form-field>
        @if (error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close [disabled]="submitting()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="submitting()">{{ submitting() ? 'Rotating…' : 'Rotate key' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .intro { margin: 0 0 16px; }
    .full { inline-size: 100%; }
    .error { margin: 8px 0 0; color: var(--mat-sys-error); }
  `,
})
export class RotateKeyDialog {
  private readonly api = inject(AdminApi);
  private readonly ref = inject<MatDialogRef<RotateKeyDialog, RotatedApiKey>>(MatDialogRef);
  protected readonly key = inject<ApiKeyInfo>(MAT_DIALOG_DATA);
  protected readonly maxGrace = MAX_GRACE_HOURS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    grace_hours: [DEFAULT_GRACE_HOURS, [Validators.required, Validators.min(0), Validators.max(MAX_GRACE_HOURS), Validators.pattern(/^\d+$/)]],
  });
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    try {
      this.ref.close(await firstValueFrom(this.api.rotateApiKey(this.key.id, { grace_hours: this.form.controls.grace_hours.value })));
    } catch (error: unknown) {
      // 409 illegal_transition (revoked or expired key) included: the server's words.
      this.error.set(error instanceof ApiError ? error.message : 'The key could not be rotated.');
    } finally {
      this.submitting.set(false);
    }
  }
}
