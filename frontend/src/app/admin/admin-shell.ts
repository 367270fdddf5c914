import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { Notifications } from '../core/notifications.service';
import { Icon } from '../shared/icon';
import { ADMIN_NAV } from './admin-nav';
import { AdminIcon } from './shared/admin-icon';
import { AdminSession } from './shared/admin-session';

/**
 * The signed-in admin area: a side navigation on wide screens, a scrolling row of tabs on phones, and
 * Sign out (AUTH-4 `DELETE /admin/session`).
 */
@Component({
  selector: 'gg-admin-shell',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, RouterLink, RouterLinkActive, RouterOutlet, AdminIcon, Icon],
  templateUrl: './admin-shell.html',
  styleUrl: './admin-shell.scss',
})
export class AdminShell {
  private readonly session = inject(AdminSession);
  private readonly notifications = inject(Notifications);

  protected readonly nav = ADMIN_NAV;
  protected readonly info = this.session.info;
  protected readonly signingOut = signal(false);

  protected async signOut(): Promise<void> {
    this.signingOut.set(true);
    try {
      await this.session.logout();
    } catch (error: unknown) {
      this.notifications.error(error);
    } finally {
      this.signingOut.set(false);
    }
  }
}
