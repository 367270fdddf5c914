import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

import type { WorkerAccount } from '../shared/admin-api.types';
import { AdminBadge } from '../shared/admin-badge';
import { formatCount, formatPreciseTime, formatRelative, formatUsd } from '../shared/admin-format';

interface Fact {
  readonly label: string;
  readonly value: string;
  readonly mono?: boolean;
}

/** Everything about one account, and its deploy / health-check log — live while it deploys (ADM-4). */
@Component({
  selector: 'gg-account-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AdminBadge],
  template: `
    <div class="columns">
      <dl class="facts">
        @for (fact of facts(); track fact.label) {
          <div class="fact"><dt>{{ fact.label }}</dt><dd [class.mono]="fact.mono">{{ fact.value }}</dd></div>
        }
      </dl>
      <section class="log" [attr.aria-labelledby]="'log-' + account().id" [attr.aria-busy]="live()">
        <h3 class="log-title" [id]="'log-' + account().id">
          Deploy log
          @if (live()) {
            <gg-admin-badge label="Live" tone="progress" [busy]="true" />
          }
        </h3>
        @if (account().deploy_log.length) {
          <ol class="steps" aria-live="polite">
            @for (step of account().deploy_log; track $index) {
              <li class="step">
                <span class="step-head">
                  <gg-admin-badge [label]="step.outcome === 'ok' ? 'OK' : step.outcome === 'failed' ? 'Failed' : step.outcome" [tone]="step.outcome === 'ok' ? 'success' : step.outcome === 'failed' ? 'danger' : 'neutral'" />
                  <strong>{{ stepName(step.step) }}</strong>
                  <span class="muted">attempt {{ step.attempt }} · {{ time(step.at) }}</span>
                </span>
                @if (step.message) {
                  <span class="message">{{ step.message }}</span>
                }
              </li>
            }
          </ol>
        } @else {
          <p class="muted">{{ emptyLog() }}</p>
        }
      </section>
    </div>
  `,
  styles: `
    :host { display: block; padding: 8px 4px; }
    .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px 32px; }
    .facts { display: grid; gap: 6px; margin: 0; align-content: start; }
    .fact { display: grid; grid-template-columns: 130px minmax(0, 1fr); gap: 8px; }
    dt { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-label-medium); padding-block-start: 2px; }
    dd { margin: 0; overflow-wrap: anywhere; }
    .mono { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .log-title { display: flex; align-items: center; gap: 8px; margin: 0 0 8px; font: var(--mat-sys-title-small); }
    .steps { display: grid; gap: 8px; margin: 0; padding: 0; list-style: none; }
    .step { display: grid; gap: 4px; padding: 8px 10px; border-radius: 10px; background: var(--mat-sys-surface-container); }
    .step-head { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
    .message { font: 12px/1.5 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
    .muted { color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
  `,
})
export class AccountDetail {
  readonly account = input.required<WorkerAccount>();

  protected readonly live = computed(() => this.account().status === 'deploying' || this.account().status === 'checking');
  protected readonly facts = computed<Fact[]>(() => {
    const a = this.account();
    const facts: Fact[] = [
      { label: 'Id', value: a.id, mono: true },
      { label: 'Kind', value: a.kind === 'modal' ? 'Modal' : 'HTTP worker' },
      { label: a.kind === 'modal' ? 'Workspace' : 'Base URL', value: (a.kind === 'modal' ? a.workspace : a.base_url) ?? '—', mono: true },
      { label: 'Added by', value: a.source === 'config' ? 'Server configuration' : 'An admin' },
      { label: 'Credential', value: `fingerprint ${a.credential_fingerprint}`, mono: true },
      { label: 'Build', value: a.build_id ?? '—', mono: true },
      { label: 'Models', value: a.models.length ? a.models.join(', ') : '—' },
      { label: 'Max parallel jobs', value: a.max_concurrent_jobs === null ? '—' : String(a.max_concurrent_jobs) },
      { label: 'Tasks / failures', value: `${formatCount(a.counters.tasks)} / ${formatCount(a.counters.failures)}` },
      { label: 'Cost, all time', value: formatUsd(a.counters.estimated_cost_usd) },
      { label: 'Last health check', value: withRelative(a.last_health_at) },
      { label: 'Last used', value: withRelative(a.last_used_at) },
    ];
    if (a.failure_type) facts.push({ label: 'Failure type', value: a.failure_type, mono: true });
    if (a.last_error) facts.push({ label: 'Last error', value: a.last_error });
    if (a.retry_after) facts.push({ label: 'Retry after', value: withRelative(a.retry_after) });
    facts.push({ label: 'Created', value: formatPreciseTime(a.created_at) }, { label: 'Updated', value: formatPreciseTime(a.updated_at) });
    return facts;
  });

  protected readonly emptyLog = computed(() => {
    const a = this.account();
    if (a.kind === 'http') {
      return a.status === 'deploying' || a.status === 'checking'
        ? 'Health check running…'
        : 'HTTP workers have no deploy step: deploying one runs its health check, and its result is the status.';
    }
    return this.live() ? 'Waiting for the first step…' : 'No deploy has run since the account was added.';
  });

  protected readonly time = formatPreciseTime;

  protected stepName(step: string): string {
    return step === 'modal_deploy' ? 'modal deploy' : step === 'health_check' ? 'Health check' : step;
  }
}

function withRelative(iso: string | null): string {
  return iso ? `${formatPreciseTime(iso)} (${formatRelative(iso)})` : '—';
}
