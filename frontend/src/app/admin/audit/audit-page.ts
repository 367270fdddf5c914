import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router } from '@angular/router';

import { ApiError } from '../../core/api-error';
import { EmptyState } from '../../shared/empty-state';
import { AdminApi } from '../shared/admin-api';
import type { AuditEntry } from '../shared/admin-api.types';
import { AdminBadge } from '../shared/admin-badge';
import { AdminIcon } from '../shared/admin-icon';
import { AdminPageHeader } from '../shared/admin-page-header';
import { formatPreciseTime, outcomeBadge, shortActor, splitTime } from '../shared/admin-format';
import { JsonView } from '../shared/json-view';
import { TaskSearch } from '../shared/task-search';
import { auditQuery, filterParams, filtersFrom, fromLocalInput, hasFilters, toLocalInput, type AuditFilters } from './audit-filters';
import { VerifyPanel } from './verify-panel';

/**
 * AUD-2: the audit trail, newest first, filtered by actor, action, target, outcome and time, paged by
 * cursor ("Older" / "Newer"). Filters and cursor live in the URL, so a reload or a link shows the same
 * page. AUD-3: "Verify chain" checks the whole log; AUD-4: open any task's timeline from here.
 */
@Component({
  selector: 'gg-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    EmptyState,
    AdminBadge,
    AdminIcon,
    AdminPageHeader,
    JsonView,
    TaskSearch,
    VerifyPanel,
  ],
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.scss',
})
export class AuditPage {
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);

  // Query parameters (component input binding).
  readonly actor = input<string | undefined>(undefined);
  readonly action = input<string | undefined>(undefined);
  readonly target = input<string | undefined>(undefined);
  readonly outcome = input<string | undefined>(undefined);
  readonly from = input<string | undefined>(undefined);
  readonly to = input<string | undefined>(undefined);
  readonly cursor = input<string | undefined>(undefined);

  protected readonly filters = computed<AuditFilters>(() =>
    filtersFrom({ actor: this.actor(), action: this.action(), target: this.target(), outcome: this.outcome(), from: this.from(), to: this.to() }),
  );
  protected readonly filtered = computed(() => hasFilters(this.filters()));
  protected readonly activeFilters = computed(() => Object.values(this.filters()).filter((value) => value !== '').length);
  /** Phones only: the filter form folds away behind a button. */
  protected readonly filtersOpen = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({ actor: [''], action: [''], target: [''], outcome: [''], from: [''], to: [''] });

  protected readonly page = rxResource({
    params: () => auditQuery(this.filters(), this.cursor()),
    stream: ({ params }) => this.api.audit(params),
  });
  protected readonly entries = computed<readonly AuditEntry[]>(() => (this.page.hasValue() ? this.page.value().entries : []));
  protected readonly nextCursor = computed(() => (this.page.hasValue() ? this.page.value().next_cursor : null));
  protected readonly error = computed(() => {
    const error = this.page.error();
    return error ? (error instanceof ApiError ? error : ApiError.fromResponse(0, null)) : null;
  });
  /** Cursors of the newer pages this tab walked through (the first page's is ''). */
  private readonly newer = signal<readonly string[]>([]);
  protected readonly atNewest = computed(() => !this.cursor());
  protected readonly open = signal<ReadonlySet<number>>(new Set());

  protected readonly outcomeBadge = outcomeBadge;
  protected readonly time = formatPreciseTime;
  protected readonly split = splitTime;
  protected readonly short = shortActor;

  constructor() {
    // The form shows what the URL says (after a reload, a link, or Back).
    effect(() => {
      const filters = this.filters();
      untracked(() => this.form.setValue({ ...filters, from: toLocalInput(filters.from), to: toLocalInput(filters.to) }));
    });
  }

  protected apply(): void {
    const value = this.form.getRawValue();
    this.newer.set([]);
    void this.navigate(filtersFrom({ ...value, from: fromLocalInput(value.from), to: fromLocalInput(value.to) }));
  }

  protected clear(): void {
    this.newer.set([]);
    void this.navigate(filtersFrom({}));
  }

  protected filterBy(change: Partial<AuditFilters>): void {
    this.newer.set([]);
    void this.navigate({ ...this.filters(), ...change });
  }

  protected older(): void {
    const next = this.nextCursor();
    if (!next) return;
    this.newer.update((stack) => [...stack, this.cursor() ?? '']);
    void this.navigate(this.filters(), next);
  }

  protected newerPage(): void {
    const stack = this.newer();
    // After a reload the way back is unknown: go to the newest entries.
    const previous = stack.length ? stack[stack.length - 1] : '';
    this.newer.set(stack.slice(0, -1));
    void this.navigate(this.filters(), previous);
  }

  protected isOpen(id: number): boolean {
    return this.open().has(id);
  }

  protected toggle(id: number): void {
    this.open.update((set) => {
      const next = new Set(set);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  private navigate(filters: AuditFilters, cursor?: string): Promise<boolean> {
    this.open.set(new Set());
    return this.router.navigate([], { queryParams: filterParams(filters, cursor), queryParamsHandling: 'merge' });
  }
}
