import { Injectable, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';

import { ConfirmDialog, type ConfirmDialogData } from '../../shared/confirm-dialog';
import { SecretOnceDialog, type SecretOnceDialogData } from './secret-once-dialog';

/** The admin area's two recurring dialogs, opened with the right focus and closing rules. */
@Injectable({ providedIn: 'root' })
export class AdminDialogs {
  private readonly dialog = inject(MatDialog);

  /** "Are you sure?" — resolves true only when confirmed; Cancel has the initial focus. */
  async confirm(data: ConfirmDialogData): Promise<boolean> {
    const ref = this.dialog.open(ConfirmDialog, { data, role: 'alertdialog', autoFocus: 'dialog', maxWidth: '520px' });
    return (await firstValueFrom(ref.afterClosed())) === true;
  }

  /** Shows a secret once; resolves when the admin has closed it with the button. */
  async secretOnce(data: SecretOnceDialogData): Promise<void> {
    const ref = this.dialog.open(SecretOnceDialog, { data, disableClose: true, autoFocus: 'button.copy', maxWidth: '640px', width: 'calc(100vw - 32px)' });
    await firstValueFrom(ref.afterClosed());
  }
}
