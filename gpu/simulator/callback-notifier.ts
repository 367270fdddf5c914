import { setTimeout as delay } from 'node:timers/promises';
import type { JobStatus } from '../../contracts/worker-api/worker-api.js';
import type { FaultInjector } from './fault-injector.js';

/**
 * Best-effort push of status changes to a job's `callback_url`. Deliveries of one job are chained so a
 * receiver sees them in order (unless a fault says otherwise); failures are swallowed because pollers
 * must never depend on pushes.
 */
export class CallbackNotifier {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly stopper = new AbortController();

  constructor(
    private readonly token: string,
    private readonly faults: FaultInjector,
    private readonly timeoutMs = 5_000,
  ) {}

  push(url: string, status: JobStatus): void {
    if (this.stopper.signal.aborted) return;
    // Snapshot now: the status object keeps changing while the delivery waits its turn.
    const body = JSON.stringify(status);
    const copies = this.faults.settings.duplicateReports ? 2 : 1;
    const delayMs = this.faults.settings.callbackDelayMs;
    const previous = this.chains.get(status.job_id) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (delayMs > 0) await delay(delayMs, undefined, { signal: this.stopper.signal }).catch(() => undefined);
      for (let i = 0; i < copies; i++) await this.deliver(url, body);
    });
    this.chains.set(status.job_id, next);
    void next.finally(() => {
      if (this.chains.get(status.job_id) === next) this.chains.delete(status.job_id);
    });
  }

  /** Stops pending and future deliveries (worker shutting down). */
  stop(): void {
    this.stopper.abort();
  }

  private async deliver(url: string, body: string): Promise<void> {
    if (this.stopper.signal.aborted) return;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body,
        signal: AbortSignal.any([this.stopper.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      await response.arrayBuffer();
    } catch {
      // Best effort by contract: the receiver polls when a push is lost.
    }
  }
}
