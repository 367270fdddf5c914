import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { ApiError } from '../../core/api-error';
import { AdminApi } from '../shared/admin-api';
import type { VerificationReport } from '../shared/admin-api.types';
import { AdminBanner } from '../shared/admin-banner';
import { AdminIcon } from '../shared/admin-icon';
import { formatCount } from '../shared/admin-format';

type VerifyState =
  | { readonly status: 'idle' }
  | { readonly status: 'running' }
  | { readonly status: 'done'; readonly report: VerificationReport; readonly at: Date }
  | { readonly status: 'error'; readonly error: ApiError };

/**
 * AUD-3: "Verify chain" walks the whole event log (hash chains, positions, seals) on the server and shows
 * the verdict — and, when something was tampered with, the first bad event, prominently.
 */
@Component({
  selector: 'gg-verify-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatProgressBarModule, RouterLink, AdminBanner, AdminIcon],
  template: `
    <div class="bar">
      <div class="text">
        <h2 class="title">Tamper check</h2>
        <p class="help">Recomputes every event’s hash, each stream’s chain and every seal.</p>
      </div>
      <button mat-flat-button type="button" [disabled]="state().status === 'running'" (click)="verify()">
        <gg-admin-icon matButtonIcon class="mat-icon" name="verified" />
        {{ state().status === 'running' ? 'Verifying…' : 'Verify chain' }}
      </button>
    </div>
    <div #result tabindex="-1" class="result">
      @switch (state().status) {
        @case ('running') {
          <mat-progress-bar mode="indeterminate" aria-label="Verifying the event log" />
        }
        @case ('done') {
          @if (report(); as r) {
            @if (r.ok) {
              <gg-admin-banner tone="success" title="The event log is intact">
                {{ count(r.eventsChecked) }} events in {{ count(r.streamsChecked) }} streams and {{ count(r.sealsChecked) }} seals checked,
                up to position {{ count(r.headPosition) }}.
                @if (r.unsealedEvents > 0) {
                  {{ count(r.unsealedEvents) }} event(s) after the last seal are chained but not sealed yet.
                }
              </gg-admin-banner>
            } @else {
              <gg-admin-banner tone="danger" title="The event log does not verify">
                @if (r.firstBadEvent; as bad) {
                  <dl class="bad">
                    <div><dt>First bad event</dt><dd>position <strong>{{ count(bad.position) }}</strong></dd></div>
                    <div><dt>Stream</dt><dd class="mono">
                      @if (taskId(bad.stream); as id) {
                        <a [routerLink]="['/admin/tasks', id]">{{ bad.stream }}</a>
                      } @else {
                        {{ bad.stream }}
                      }
                      (revision {{ bad.revision }})</dd></div>
                    <div><dt>Event id</dt><dd class="mono">{{ bad.eventId }}</dd></div>
                    <div><dt>Reason</dt><dd>{{ bad.reason }}</dd></div>
                  </dl>
                } @else {
                  The server found a problem but named no event.
                }
                <p class="after">{{ count(r.eventsChecked) }} events checked. Restore the log from a backup and compare from this position.</p>
              </gg-admin-banner>
            }
          }
        }
        @case ('error') {
          @if (failure(); as error) {
            <gg-admin-banner tone="attention" title="The check could not run">{{ error.message }}</gg-admin-banner>
          }
        }
      }
    </div>
  `,
  styles: `
    :host { display: block; padding: 16px; border-radius: 16px; border: 1px solid var(--mat-sys-outline-variant); }
    .bar { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; justify-content: space-between; }
    .text { flex: 1 1 240px; }
    .title { margin: 0; font: var(--mat-sys-title-medium); }
    .help { margin: 2px 0 0; color: var(--mat-sys-on-surface-variant); font: var(--mat-sys-body-small); }
    .result { outline: none; }
    .result:not(:empty) { margin-block-start: 12px; }
    .bad { display: grid; gap: 4px; margin: 4px 0 0; }
    .bad div { display: grid; grid-template-columns: 120px minmax(0, 1fr); gap: 8px; }
    dd { margin: 0; overflow-wrap: anywhere; }
    .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .after { margin: 8px 0 0; }
    a { color: inherit; }
  `,
})
export class VerifyPanel {
  private readonly api = inject(AdminApi);
  private readonly result = viewChild.required<ElementRef<HTMLElement>>('result');

  protected readonly state = signal<VerifyState>({ status: 'idle' });
  protected readonly count = formatCount;

  protected report(): VerificationReport | null {
    const state = this.state();
    return state.status === 'done' ? state.report : null;
  }

  protected failure(): ApiError | null {
    const state = this.state();
    return state.status === 'error' ? state.error : null;
  }

  protected taskId(stream: string): string | null {
    return stream.startsWith('task-') ? stream.slice(5) : null;
  }

  protected async verify(): Promise<void> {
    this.state.set({ status: 'running' });
    try {
      const report = await firstValueFrom(this.api.verifyLog());
      this.state.set({ status: 'done', report, at: new Date() });
    } catch (error: unknown) {
      this.state.set({ status: 'error', error: error instanceof ApiError ? error : ApiError.fromResponse(0, null) });
    }
    // The verdict is what the admin waited for: move focus to it (its banner is also announced).
    queueMicrotask(() => this.result().nativeElement.focus());
  }
}
