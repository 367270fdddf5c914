import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';

import { SessionService } from '../core/session.service';
import { Icon } from '../shared/icon';

/**
 * Explains, without blocking the page, that the session could not be obtained (server down, cookies
 * refused, access refused…) and offers a retry. A banner rather than a snackbar: the condition lasts
 * until it is fixed. Hidden while everything is fine.
 */
@Component({
  selector: 'gg-connection-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, Icon],
  template: `
    @if (error(); as error) {
      <div class="banner" role="status">
        <gg-icon class="icon" name="offline" />
        <div class="text">
          <p class="title">Couldn’t start your session</p>
          <p class="detail">{{ error.message }}</p>
        </div>
        <button mat-button type="button" class="retry" [disabled]="checking()" (click)="retry()">
          {{ checking() ? 'Retrying…' : 'Retry' }}
        </button>
      </div>
    }
  `,
  styleUrl: './connection-banner.scss',
})
export class ConnectionBanner {
  private readonly session = inject(SessionService);

  protected readonly error = computed(() => {
    const state = this.session.state();
    return state.status === 'error' ? state.error : null;
  });
  protected readonly checking = computed(() => this.session.state().status === 'checking');

  protected retry(): void {
    void this.session.ensureSession();
  }
}
