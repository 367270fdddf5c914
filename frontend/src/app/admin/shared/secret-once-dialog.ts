import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';

import { AdminIcon } from './admin-icon';
import { copyText } from './clipboard';

export interface SecretOnceDialogData {
  readonly title: string;
  /** "API key", "access code". */
  readonly what: string;
  readonly secret: string;
  /** Extra sentences under the warning (e.g. the old key's grace period after a rotation). */
  readonly notes?: readonly string[];
}

/**
 * Shows a freshly issued secret the only time the server ever sends it (AUTH-3), with a copy button and
 * a warning. Closes only by the button: a stray click or Escape must not lose the key.
 */
@Component({
  selector: 'gg-secret-once-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatDialogModule, AdminIcon],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <mat-dialog-content>
      <p class="warning" role="alert">
        <gg-admin-icon name="warning" />
        <span><strong>This is the only time the {{ data.what }} is shown.</strong> Copy it now into a password manager or
          your client’s secret store. The server keeps only a hash and cannot show it again.</span>
      </p>
      <div class="secret-row">
        <code class="secret" data-secret tabindex="0" [attr.aria-label]="'The new ' + data.what">{{ data.secret }}</code>
        <button mat-stroked-button type="button" class="copy" (click)="copy()">
          <gg-admin-icon matButtonIcon class="mat-icon" name="copy" />
          {{ copied() ? 'Copied' : 'Copy' }}
        </button>
      </div>
      <p class="sr-only" aria-live="polite">{{ copied() ? 'The ' + data.what + ' is on the clipboard.' : '' }}</p>
      @if (copyFailed()) {
        <p class="hint">Copying is not allowed here: select the text above and copy it by hand.</p>
      }
      @for (note of data.notes ?? []; track note) {
        <p class="note">{{ note }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" [mat-dialog-close]="true">I have stored it</button>
    </mat-dialog-actions>
  `,
  styles: `
    .warning { display: flex; gap: 12px; align-items: flex-start; margin: 0 0 16px; padding: 12px; border-radius: 12px;
      background: light-dark(#ffe9a8, #4a3a00); color: light-dark(#4d3800, #ffe08a); }
    .secret-row { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
    .secret { flex: 1 1 240px; padding: 12px; border-radius: 8px; overflow-wrap: anywhere; user-select: all;
      background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface);
      font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .note, .hint { margin: 12px 0 0; }
    .hint { color: var(--mat-sys-error); }
    .sr-only { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); margin: 0; }
  `,
})
export class SecretOnceDialog {
  private readonly document = inject(DOCUMENT);
  protected readonly data = inject<SecretOnceDialogData>(MAT_DIALOG_DATA);
  protected readonly copied = signal(false);
  protected readonly copyFailed = signal(false);

  protected async copy(): Promise<void> {
    const ok = await copyText(this.document, this.data.secret);
    this.copied.set(ok);
    this.copyFailed.set(!ok);
  }
}
