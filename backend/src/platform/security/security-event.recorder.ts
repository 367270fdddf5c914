import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { securityStream, type SecurityRecordData } from '../../../../contracts/events/security-events.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ID_SOURCE, type IdSource } from '../ids/id-source.js';
import { currentCorrelationId } from '../logging/request-context.js';
import type { SecurityDecision, SecurityEvents } from './security-events.port.js';

const WINDOW_MS = 60_000;
/** Distinct (source, action, reason, actor) keys per window; past it, decisions fold into one overflow key. */
const MAX_KEYS_PER_WINDOW = 256;
const SAMPLE_IDS = 5;

interface Fold {
  first: SecurityDecision;
  repeats: number;
  firstRepeatAt: string | null;
  lastAt: string;
  correlationIds: string[];
  correlationId: string;
}

/**
 * AUD-1 for decisions with no aggregate of their own. The first decision of a kind from a source in a
 * minute is appended at once (count 1); the repeats are counted in memory and appended as one event when
 * the minute ends. A flood therefore costs at most two events per source, action and reason per minute,
 * and at most 2 × 256 + 2 events per minute overall (specs/security.md).
 */
@Injectable()
export class SecurityEventRecorder implements SecurityEvents, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SecurityEvents');
  private folds = new Map<string, Fold>();
  private window = -1;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.rollIfDue(), 5_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  async record(decision: SecurityDecision): Promise<void> {
    const now = this.clock.now();
    await this.rollIfDue();
    const correlationId = decision.correlationId ?? currentCorrelationId() ?? 'none';
    let key = [decision.type, decision.source, decision.actor, decision.action, decision.reason].join('\u001f');
    let fold = this.folds.get(key);
    if (!fold && this.folds.size >= MAX_KEYS_PER_WINDOW) {
      key = `overflow\u001f${decision.type}`;
      fold = this.folds.get(key);
      decision = { ...decision, source: '*', actor: '*', target: '*', details: { overflow: true } };
    }
    const at = now.toISOString();
    if (fold) {
      fold.repeats += 1;
      fold.firstRepeatAt ??= at;
      fold.lastAt = at;
      if (fold.correlationIds.length < SAMPLE_IDS) fold.correlationIds.push(correlationId);
      return;
    }
    this.folds.set(key, { first: decision, repeats: 0, firstRepeatAt: null, lastAt: at, correlationIds: [], correlationId });
    await this.append(decision, { count: 1, first_at: at, last_at: at, correlation_ids: [correlationId] }, correlationId, now);
  }

  async flush(): Promise<void> {
    const folds = [...this.folds.values()];
    this.folds = new Map();
    const now = this.clock.now();
    for (const fold of folds) {
      if (fold.repeats === 0) continue;
      await this.append(fold.first, {
        count: fold.repeats,
        first_at: fold.firstRepeatAt ?? fold.lastAt,
        last_at: fold.lastAt,
        correlation_ids: fold.correlationIds,
      }, fold.correlationIds[0] ?? fold.correlationId, now, true);
    }
  }

  private async rollIfDue(): Promise<void> {
    const window = Math.floor(this.clock.now().getTime() / WINDOW_MS);
    if (window === this.window) return;
    this.window = window;
    await this.flush();
  }

  private async append(
    decision: SecurityDecision,
    counts: Pick<SecurityRecordData, 'count' | 'first_at' | 'last_at' | 'correlation_ids'>,
    correlationId: string,
    at: Date,
    repeated = false,
  ): Promise<void> {
    const data: SecurityRecordData = {
      action: decision.action,
      target: decision.target,
      outcome: decision.outcome,
      reason: decision.reason,
      ...counts,
      details: { ...(decision.details ?? {}), ...(repeated ? { repeated: true } : {}) },
    };
    try {
      await this.store.append(securityStream(at), [{
        id: this.ids.next(),
        type: decision.type,
        data,
        metadata: { correlationId, causationId: null, actor: decision.actor, source: decision.source, timestamp: at.toISOString() },
      }], { expectedRevision: 'any' });
    } catch (error) {
      this.logger.warn({ msg: 'a security event could not be recorded', type: decision.type, action: decision.action, err: error });
    }
  }
}
