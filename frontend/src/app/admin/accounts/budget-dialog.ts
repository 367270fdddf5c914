import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';

import { formatUsd } from '../shared/admin-format';
import { MAX_BUDGET_USD } from './account-form';

export interface BudgetDialogData {
  readonly label: string;
  readonly current: number | null;
  readonly spentThisMonth: number;
}

/** The new monthly budget in USD, or null to remove it. */
export interface BudgetDialogResult {
  readonly monthly_budget_usd: number | null;
}

/** ADM-3: sets or removes an account's monthly budget. */
@Component({
  selector: 'gg-budget-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  template: `
    <h2 mat-dialog-title>Monthly budget for {{ data.label }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <p class="intro">Spent this month: <strong>{{ spent }}</strong>. Over budget, the account leaves the rotation until the month ends.</p>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
          <mat-label>Budget (USD)</mat-label>
          <input matInput type="number" inputmode="decimal" min="0" step="0.01" formControlName="budget" required />
          <mat-error>Enter an amount from 0 to 1,000,000.</mat-error>
        </mat-form-field>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        @if (data.current !== null) {
          <button mat-button type="button" (click)="remove()">Remove budget</button>
        }
        <button mat-flat-button type="submit">Save</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .intro { margin: 0 0 16px; }
    .full { inline-size: 100%; }
  `,
})
export class BudgetDialog {
  private readonly ref = inject<MatDialogRef<BudgetDialog, BudgetDialogResult>>(MatDialogRef);
  protected readonly data = inject<BudgetDialogData>(MAT_DIALOG_DATA);
  protected readonly spent = formatUsd(this.data.spentThisMonth);
  protected readonly form = inject(NonNullableFormBuilder).group({
    budget: [this.data.current as number | null, [Validators.required, Validators.min(0), Validators.max(MAX_BUDGET_USD)]],
  });

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.ref.close({ monthly_budget_usd: this.form.controls.budget.value });
  }

  protected remove(): void {
    this.ref.close({ monthly_budget_usd: null });
  }
}
