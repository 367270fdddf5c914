import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';

import { ApiError } from '../../core/api-error';
import { notBlankValidator, serverFieldErrors } from '../shared/form-errors';
import { AdminApi } from '../shared/admin-api';
import type { ApiKeyScope, IssueApiKeyRequest, IssuedApiKey } from '../shared/admin-api.types';

/** AUTH-3: longest lifetime the server accepts for a key. */
export const MAX_KEY_DAYS = 90;

const atLeastOneScope = (group: AbstractControl): ValidationErrors | null =>
  group.get('generate')?.value || group.get('read')?.value ? null : { noScope: true };

/** The `POST /admin/api-keys` body from the form (trimmed name, chosen scopes in a fixed order). */
export function issueKeyRequest(value: { name: string; generate: boolean; read: boolean; expires_in_days: number }): IssueApiKeyRequest {
  const scopes: ApiKeyScope[] = [];
  if (value.generate) scopes.push('generate');
  if (value.read) scopes.push('read');
  return { name: value.name.trim(), scopes, expires_in_days: value.expires_in_days };
}

/** AUTH-3: name, scopes and lifetime of a new API key. Closes with the issued key (shown once by the caller). */
@Component({
  selector: 'gg-issue-key-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatCheckboxModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>Issue an API key</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>Name</mat-label>
          <input matInput formControlName="name" maxlength="100" autocomplete="off" required />
          <mat-hint>Who or what uses it, e.g. “nightly render script”.</mat-hint>
          <mat-error>{{ nameError() }}</mat-error>
        </mat-form-field>
        <fieldset class="scopes" [class.invalid]="scopeError()">
          <legend>Scopes</legend>
          <mat-checkbox formControlName="generate">generate — submit, cancel and retry tasks</mat-checkbox>
          <mat-checkbox formControlName="read">read — status, results, gallery, models</mat-checkbox>
          @if (scopeError()) {
            <p class="error" role="alert">Choose at least one scope.</p>
          }
        </fieldset>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>Expires after (days)</mat-label>
          <input matInput type="number" inputmode="numeric" min="1" [max]="maxDays" step="1" formControlName="expires_in_days" required />
          <mat-hint>1 to {{ maxDays }} days.</mat-hint>
          <mat-error>{{ daysError() }}</mat-error>
        </mat-form-field>
        @if (formError(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close [disabled]="submitting()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="submitting()">{{ submitting() ? 'Issuing…' : 'Issue key' }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .full { inline-size: 100%; margin-block-end: 16px; }
    .scopes { display: grid; gap: 4px; margin: 0 0 16px; padding: 8px 12px 12px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; }
    .scopes.invalid { border-color: var(--mat-sys-error); }
    legend { padding-inline: 4px; font: var(--mat-sys-title-small); }
    .error { margin: 4px 0 0; color: var(--mat-sys-error); }
  `,
})
export class IssueKeyDialog {
  private readonly api = inject(AdminApi);
  private readonly ref = inject<MatDialogRef<IssueKeyDialog, IssuedApiKey>>(MatDialogRef);

  protected readonly maxDays = MAX_KEY_DAYS;
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      name: ['', [Validators.required, Validators.maxLength(100), notBlankValidator]],
      generate: [true],
      read: [true],
      expires_in_days: [MAX_KEY_DAYS, [Validators.required, Validators.min(1), Validators.max(MAX_KEY_DAYS), Validators.pattern(/^\d+$/)]],
    },
    { validators: atLeastOneScope },
  );
  protected readonly submitting = signal(false);
  protected readonly submitted = signal(false);
  protected readonly formError = signal<string | null>(null);

  protected nameError(): string {
    const errors = this.form.controls.name.errors;
    return errors?.['server'] ?? (errors?.['maxlength'] ? 'At most 100 characters.' : 'Enter a name.');
  }

  protected daysError(): string {
    return this.form.controls.expires_in_days.errors?.['server'] ?? `A whole number of days from 1 to ${MAX_KEY_DAYS}.`;
  }

  protected scopeError(): boolean {
    return this.submitted() && this.form.hasError('noScope');
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.submitted.set(true);
    this.formError.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    try {
      this.ref.close(await firstValueFrom(this.api.issueApiKey(issueKeyRequest(this.form.getRawValue()))));
    } catch (error: unknown) {
      const unplaced: string[] = [];
      for (const { field, message } of serverFieldErrors(error)) {
        const control = field === 'name' || field === 'expires_in_days' ? this.form.controls[field] : null;
        if (control) {
          control.setErrors({ server: message });
          control.markAsTouched();
        } else unplaced.push(message);
      }
      if (unplaced.length || !serverFieldErrors(error).length) {
        this.formError.set(unplaced.join(' ') || (error instanceof ApiError ? error.message : 'The key could not be issued.'));
      }
    } finally {
      this.submitting.set(false);
    }
  }
}
