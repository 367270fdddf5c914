import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';

import { EmptyState } from '../../shared/empty-state';
import { formatShortDate } from '../../shared/format';
import { Icon } from '../../shared/icon';
import { AdminApi } from '../shared/admin-api';
import { ACCOUNT_STATUSES, type AdminHealth } from '../shared/admin-api.types';
import { AdminBadge, type BadgeTone } from '../shared/admin-badge';
import { AdminBanner } from '../shared/admin-banner';
import { accountBadge, formatCount, formatPreciseTime, projectionBadge } from '../shared/admin-format';
import { AdminPageHeader } from '../shared/admin-page-header';
import { liveQuery } from '../shared/live-query';
import { healthProblems, taskIdOfStream } from './health-problems';

/** Seconds between automatic refreshes while the page is visible (12 requests a minute of the 120 allowed). */
export const HEALTH_REFRESH_MS = 5_000;
/** Lag (events) up to which read models count as keeping up. */
const CATCHING_UP_LAG = 10;

/** ADM-5: the platform at a glance — event store, read models, process managers, deadlines, blobs, accounts. */
@Component({
  selector: 'gg-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, RouterLink, EmptyState, Icon, AdminBadge, AdminBanner, AdminPageHeader],
  templateUrl: './dashboard-page.html',
  styleUrl: './dashboard-page.scss',
})
export class DashboardPage {
  private readonly api = inject(AdminApi);

  protected readonly health = liveQuery<AdminHealth>({ load: () => this.api.health(), every: () => HEALTH_REFRESH_MS });
  protected readonly problems = computed(() => {
    const health = this.health.value();
    return health ? healthProblems(health) : [];
  });
  protected readonly accountCounts = computed(() => {
    const byStatus = this.health.value()?.accounts.by_status ?? {};
    return ACCOUNT_STATUSES.filter((status) => (byStatus[status] ?? 0) > 0).map((status) => ({ status, count: byStatus[status] ?? 0, badge: accountBadge(status) }));
  });
  protected readonly maxLag = computed(() => Math.max(0, ...(this.health.value()?.read_models.projections.map((p) => p.lag) ?? [])));
  /**
   * Reading /admin/health appends its own audit event, so projections are usually a few events behind at
   * that instant: only a real backlog is worth the admin's attention.
   */
  protected readonly lagBadge = computed<{ label: string; tone: BadgeTone }>(() => {
    const lag = this.maxLag();
    if (lag === 0) return { label: 'Current', tone: 'success' };
    if (lag <= CATCHING_UP_LAG) return { label: 'Catching up', tone: 'neutral' };
    return { label: `Behind by ${lag.toLocaleString()}`, tone: 'attention' };
  });
  protected readonly updated = computed(() => {
    const at = this.health.updatedAt();
    return at ? at.toLocaleTimeString() : '';
  });

  protected readonly projectionBadge = projectionBadge;
  protected readonly accountBadge = accountBadge;
  protected readonly count = formatCount;
  protected readonly time = formatPreciseTime;
  protected readonly shortDate = formatShortDate;
  protected readonly taskId = taskIdOfStream;

  protected refresh(): void {
    void this.health.refresh();
  }
}
