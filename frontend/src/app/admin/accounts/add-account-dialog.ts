import { ChangeDetectionStrategy, Component, ElementRef, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators, type AbstractControl } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { firstValueFrom } from 'rxjs';

import { ApiError } from '../../core/api-error';
import { AdminApi } from '../shared/admin-api';
import { notBlankValidator, serverFieldErrors } from '../shared/form-errors';
import type { AccountKind, WorkerAccount } from '../shared/admin-api.types';
import {
  MAX_BUDGET_USD,
  WORKSPACE_PATTERN,
  fieldMessage,
  httpUrlValidator,
  toNewAccount,
  type AccountFormValue,
} from './account-form';

export interface AddAccountResult {
  readonly account: WorkerAccount;
  /** The deploy started right after creation, or why it did not. */
  readonly deploy: { readonly started: true; readonly account: WorkerAccount } | { readonly started: false; readonly error: ApiError | null };
}

const HTTP_FIELDS = ['base_url', 'token'] as const;
const MODAL_FIELDS = ['workspace', 'token_id', 'token_secret', 'proxy_key', 'proxy_secret'] as const;

/** Labels used in messages; also the order in which the first invalid field gets the focus. */
const LABELS: Readonly<Record<keyof AccountFormValue, string>> = {
  kind: 'Kind',
  label: 'Label',
  base_url: 'Base URL',
  token: 'Token',
  workspace: 'Workspace',
  token_id: 'Token id',
  token_secret: 'Token secret',
  proxy_key: 'Proxy key',
  proxy_secret: 'Proxy secret',
  monthly_budget_usd: 'Monthly budget',
};

/**
 * ADM-1: add a worker account — an HTTP worker (such as the bundled simulator) or a Modal workspace.
 * Checks what it can before sending; the server's 422 field errors land on the same fields. Credentials
 * leave the form only in the one request and are never shown back.
 */
@Component({
  selector: 'gg-add-account-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatButtonToggleModule, MatCheckboxModule, MatDialogModule, MatFormFieldModule, MatInputModule],
  templateUrl: './add-account-dialog.html',
  styleUrl: './add-account-dialog.scss',
})
export class AddAccountDialog {
  private readonly api = inject(AdminApi);
  private readonly ref = inject<MatDialogRef<AddAccountDialog, AddAccountResult>>(MatDialogRef);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly form = this.fb.group({
    kind: this.fb.control<AccountKind>('http'),
    label: ['', [Validators.required, Validators.maxLength(128), notBlankValidator]],
    base_url: ['', [Validators.required, Validators.minLength(8), Validators.maxLength(512), httpUrlValidator]],
    token: ['', [Validators.required, Validators.minLength(16), Validators.maxLength(512)]],
    workspace: ['', [Validators.required, Validators.pattern(WORKSPACE_PATTERN)]],
    token_id: ['', [Validators.required, Validators.minLength(4), Validators.maxLength(256)]],
    token_secret: ['', [Validators.required, Validators.minLength(4), Validators.maxLength(256)]],
    proxy_key: ['', [Validators.minLength(4), Validators.maxLength(256)]],
    proxy_secret: ['', [Validators.minLength(4), Validators.maxLength(256)]],
    monthly_budget_usd: this.fb.control<number | null>(null, [Validators.min(0), Validators.max(MAX_BUDGET_USD)]),
    deploy_now: [true],
  });
  protected readonly kind = signal<AccountKind>('http');
  protected readonly submitting = signal(false);
  /** Problems the server named that belong to no field, or a failure without field details. */
  protected readonly formError = signal<string | null>(null);

  constructor() {
    this.applyKind('http');
  }

  protected setKind(kind: AccountKind): void {
    this.kind.set(kind);
    this.form.controls.kind.setValue(kind);
    this.applyKind(kind);
    this.formError.set(null);
  }

  protected error(name: keyof AccountFormValue): string | null {
    const control = this.form.get(name);
    if (!control || !(control.touched || control.dirty) || control.valid) return null;
    return fieldMessage(LABELS[name], control.errors);
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.formError.set(null);
    this.checkProxyPair();
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.focusFirstInvalid();
      return;
    }
    const { deploy_now: deployNow, ...value } = this.form.getRawValue();
    this.submitting.set(true);
    try {
      const account = await firstValueFrom(this.api.createAccount(toNewAccount(value)));
      this.clearSecrets();
      this.ref.close({ account, deploy: deployNow ? await this.deploy(account) : { started: false, error: null } });
    } catch (error: unknown) {
      this.showServerErrors(error);
    } finally {
      this.submitting.set(false);
    }
  }

  private async deploy(account: WorkerAccount): Promise<AddAccountResult['deploy']> {
    try {
      return { started: true, account: await firstValueFrom(this.api.accountAction(account.id, 'deploy')) };
    } catch (error: unknown) {
      return { started: false, error: error instanceof ApiError ? error : null };
    }
  }

  private applyKind(kind: AccountKind): void {
    const [on, off] = kind === 'http' ? [HTTP_FIELDS, MODAL_FIELDS] : [MODAL_FIELDS, HTTP_FIELDS];
    for (const name of on) this.form.controls[name].enable({ emitEvent: false });
    for (const name of off) this.form.controls[name].disable({ emitEvent: false });
  }

  private checkProxyPair(): void {
    if (this.kind() !== 'modal') return;
    const { proxy_key: key, proxy_secret: secret } = this.form.controls;
    const hasKey = key.value.trim() !== '';
    const hasSecret = secret.value.trim() !== '';
    if (hasKey === hasSecret) return;
    const missing = hasKey ? secret : key;
    missing.setErrors({ pair: true });
    missing.markAsTouched();
  }

  private showServerErrors(error: unknown): void {
    const fields = serverFieldErrors(error);
    const unplaced: string[] = [];
    for (const { field, message } of fields) {
      const control: AbstractControl | null = field in LABELS ? this.form.get(field) : null;
      if (control && control.enabled && field !== 'kind') {
        control.setErrors({ server: message });
        control.markAsTouched();
      } else {
        unplaced.push(message);
      }
    }
    if (fields.length === 0) this.formError.set(error instanceof ApiError ? error.message : 'The account could not be added. Try again.');
    else if (unplaced.length > 0) this.formError.set(unplaced.join(' '));
    if (fields.length > unplaced.length) queueMicrotask(() => this.focusFirstInvalid());
  }

  private focusFirstInvalid(): void {
    const first = Object.keys(LABELS).find((name) => {
      const control = this.form.get(name);
      return control?.enabled && control.invalid;
    });
    if (first) this.host.nativeElement.querySelector<HTMLElement>(`[formControlName="${first}"]`)?.focus();
  }

  private clearSecrets(): void {
    for (const name of ['token', 'token_secret', 'proxy_secret'] as const) this.form.controls[name].reset('');
  }
}
