import { ChangeDetectionStrategy, Component, ElementRef, afterNextRender, inject, input, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';

import { ApiError } from '../../core/api-error';
import { Icon } from '../../shared/icon';
import { AdminIcon } from '../shared/admin-icon';
import { ADMIN_HOME_PATH, AdminSession, safeReturnUrl } from '../shared/admin-session';

/**
 * Admin sign-in (AUTH-4): the admin key is typed into a password field, sent once in the `X-Admin-Key`
 * header, and cleared from the form before the answer arrives. The session is the HttpOnly
 * `gg_admin_session` cookie; nothing is written to storage.
 */
@Component({
  selector: 'gg-admin-login-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatCardModule, MatFormFieldModule, MatInputModule, AdminIcon, Icon],
  templateUrl: './admin-login-page.html',
  styleUrl: './admin-login-page.scss',
})
export class AdminLoginPage {
  private readonly session = inject(AdminSession);
  private readonly router = inject(Router);
  private readonly keyInput = viewChild.required<ElementRef<HTMLInputElement>>('keyInput');

  /** Query parameter: the admin screen to open after signing in. */
  readonly returnUrl = input<string | undefined>(undefined);

  protected readonly form = inject(NonNullableFormBuilder).group({ key: ['', Validators.required] });
  protected readonly notice = this.session.notice;
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly reveal = signal(false);

  constructor() {
    afterNextRender(() => this.keyInput().nativeElement.focus());
  }

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.keyInput().nativeElement.focus();
      return;
    }
    // The key lives in this one local for the length of one request; the field is emptied at once.
    const key = this.form.controls.key.value;
    this.form.reset();
    this.reveal.set(false);
    this.error.set(null);
    this.busy.set(true);
    try {
      await this.session.login(key);
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()) ?? ADMIN_HOME_PATH);
    } catch (error: unknown) {
      this.error.set(loginError(error));
      this.keyInput().nativeElement.focus();
    } finally {
      this.busy.set(false);
    }
  }
}

function loginError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Signing in failed. Try again.';
  if (error.code === 'admin_session_required') {
    return error.metadata['reason'] === 'admin_key_missing' ? 'Enter the admin key.' : 'That admin key is not right. Check it and try again.';
  }
  return error.message;
}
