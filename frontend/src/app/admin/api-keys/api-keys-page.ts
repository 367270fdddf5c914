import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom } from 'rxjs';

import { ApiClient } from '../../core/api-client';
import { Notifications } from '../../core/notifications.service';
import { EmptyState } from '../../shared/empty-state';
import { Icon } from '../../shared/icon';
import { AdminApi } from '../shared/admin-api';
import type { AccessCodeInfo, ApiKeyInfo, IssuedAccessCode, IssuedApiKey, RotatedApiKey } from '../shared/admin-api.types';
import { AdminBadge } from '../shared/admin-badge';
import { AdminBanner } from '../shared/admin-banner';
import { AdminDialogs } from '../shared/admin-dialogs';
import { formatShortDate } from '../../shared/format';
import { formatPreciseTime, formatRelative, keyBadge, shortActor } from '../shared/admin-format';
import { AdminPageHeader } from '../shared/admin-page-header';
import { liveQuery } from '../shared/live-query';
import { IssueCodeDialog } from './issue-code-dialog';
import { IssueKeyDialog } from './issue-key-dialog';
import { issuedCodeNotes, issuedKeyNotes, rotationNotes } from './key-notes';
import { RotateKeyDialog } from './rotate-key-dialog';

/**
 * AUTH-3: API keys — issue (the key shown once), list with last use, rotate with a grace period, revoke at
 * once. Below them, the invite access codes of AUTH-2 (they matter when the server runs ACCESS_MODE=invite).
 */
@Component({
  selector: 'gg-api-keys-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, EmptyState, Icon, AdminBadge, AdminBanner, AdminPageHeader],
  templateUrl: './api-keys-page.html',
  styleUrl: './api-keys-page.scss',
})
export class ApiKeysPage {
  private readonly api = inject(AdminApi);
  private readonly dialog = inject(MatDialog);
  private readonly dialogs = inject(AdminDialogs);
  private readonly notifications = inject(Notifications);

  protected readonly keys = liveQuery({ load: () => this.api.apiKeys() });
  protected readonly codes = liveQuery({ load: () => this.api.accessCodes() });
  private readonly publicApi = inject(ApiClient);
  private readonly publicSession = rxResource({ stream: () => this.publicApi.getSession() });
  protected readonly inviteMode = computed(() => (this.publicSession.hasValue() ? this.publicSession.value().access_mode === 'invite' : null));
  protected readonly busy = signal<string | null>(null);

  protected readonly keyBadge = keyBadge;
  protected readonly time = formatPreciseTime;
  protected readonly relative = formatRelative;
  protected readonly date = formatShortDate;
  protected readonly short = shortActor;

  /** The previous secret of a rotated key still works (grace period). */
  protected inGrace(key: ApiKeyInfo): boolean {
    return key.status === 'active' && key.previous_prefix !== null && key.previous_valid_until !== null && Date.parse(key.previous_valid_until) > Date.now();
  }

  protected async issueKey(): Promise<void> {
    const issued = await firstValueFrom(this.dialog.open<IssueKeyDialog, void, IssuedApiKey>(IssueKeyDialog, { width: '520px', maxWidth: 'calc(100vw - 32px)' }).afterClosed());
    if (!issued) return;
    void this.keys.refresh();
    await this.dialogs.secretOnce({ title: `API key “${issued.name}”`, what: 'API key', secret: issued.key, notes: issuedKeyNotes(issued) });
  }

  protected async rotate(key: ApiKeyInfo): Promise<void> {
    const rotated = await firstValueFrom(
      this.dialog.open<RotateKeyDialog, ApiKeyInfo, RotatedApiKey>(RotateKeyDialog, { data: key, width: '520px', maxWidth: 'calc(100vw - 32px)' }).afterClosed(),
    );
    if (!rotated) return;
    void this.keys.refresh();
    await this.dialogs.secretOnce({ title: `New secret for “${key.name}”`, what: 'new key', secret: rotated.key, notes: rotationNotes(rotated) });
  }

  protected async revoke(key: ApiKeyInfo): Promise<void> {
    const confirmed = await this.dialogs.confirm({
      title: `Revoke “${key.name}”?`,
      message: `Every request with ${key.prefix}… is refused from now on${key.previous_prefix ? ', including the previous secret' : ''}. This cannot be undone.`,
      confirm: 'Revoke key',
    });
    if (!confirmed) return;
    await this.act(key.id, () => firstValueFrom(this.api.revokeApiKey(key.id)), `“${key.name}” is revoked.`, () => this.keys.refresh());
  }

  protected async issueCode(): Promise<void> {
    const issued = await firstValueFrom(this.dialog.open<IssueCodeDialog, void, IssuedAccessCode>(IssueCodeDialog, { width: '520px', maxWidth: 'calc(100vw - 32px)' }).afterClosed());
    if (!issued) return;
    void this.codes.refresh();
    await this.dialogs.secretOnce({ title: issued.label ? `Access code “${issued.label}”` : 'New access code', what: 'access code', secret: issued.code, notes: issuedCodeNotes(issued) });
  }

  protected async revokeCode(code: AccessCodeInfo): Promise<void> {
    const confirmed = await this.dialogs.confirm({
      title: `Revoke ${code.label ? `“${code.label}”` : code.prefix + '…'}?`,
      message: 'Nobody can start a new session with it any more. Sessions already started with it stay valid until they expire.',
      confirm: 'Revoke code',
    });
    if (!confirmed) return;
    await this.act(code.id, () => firstValueFrom(this.api.revokeAccessCode(code.id)), 'Access code revoked.', () => this.codes.refresh());
  }

  private async act(id: string, work: () => Promise<unknown>, done: string, reload: () => Promise<void>): Promise<void> {
    this.busy.set(id);
    try {
      await work();
      this.notifications.info(done);
    } catch (error: unknown) {
      this.notifications.error(error);
    } finally {
      this.busy.set(null);
      await reload();
    }
  }
}
