import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';

import { ApiError } from '../../core/api-error';
import { AdminApi } from '../shared/admin-api';
import type { IssuedAccessCode } from '../shared/admin-api.types';

/** AUTH-2 invite mode: an access code for people to start a session with. Closes with the issued code. */
@Component({
  selector: 'gg-issue-code-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>Issue an access code</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>Label (optional)</mat-label>
          <input matInput formControlName="label" maxlength="200" autocomplete="off" />
          <mat-hint>Who it is for, e.g. “workshop, 12 May”.</mat-hint>
        </mat-form-field>
        <div class="pair">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Uses</mat-label>
            <input matInput type="number" inputmode="numeric" min="1" max="100000" step="1" formControlName="max_uses" required />
            <mat-hint>1 = one person, once.</mat-hint>
            <mat-error>1 to 100,000.</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Valid for (hours)</mat-label>
            <input matInput type="number" inputmode="numeric" min="1" max="2160" step="1" formControlName="expires_in_hours" required />
            <mat-hint>Up to 2160 (90 days).</mat-hint>
            <mat-error>1 to 2160 hours.</mat-error>
          </mat-form-field>
        </div>
        @if (error(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close [disabled]="submitting()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="submitting()">{{ submitting() ? 'Issuing…' : 'Issue code' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .full { inline-size: 100%; margin-block-end: 16px; }
    .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 16px 12px; }
    .error { margin: 8px 0 0; color: var(--mat-sys-error); }
  `,
})
export class IssueCodeDialog {
  private readonly api = inject(AdminApi);
  private readonly ref = inject<MatDialogRef<IssueCodeDialog, IssuedAccessCode>>(MatDialogRef);
  protected readonly form = inject(NonNullableFormBuilder).group({
    label: ['', [Validators.maxLength(200)]],
    max_uses: [1, [Validators.required, Validators.min(1), Validators.max(100_000), Validators.pattern(/^\d+$/)]],
    expires_in_hours: [168, [Validators.required, Validators.min(1), Validators.max(2160), Validators.pattern(/^\d+$/)]],
  });
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { label, max_uses, expires_in_hours } = this.form.getRawValue();
    this.submitting.set(true);
    this.error.set(null);
    try {
      const body = { ...(label.trim() ? { label: label.trim() } : {}), max_uses, expires_in_hours };
      this.ref.close(await firstValueFrom(this.api.issueAccessCode(body)));
    } catch (error: unknown) {
      this.error.set(error instanceof ApiError ? error.message : 'The code could not be issued.');
    } finally {
      this.submitting.set(false);
    }
  }
}
