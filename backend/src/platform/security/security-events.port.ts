import type { SecurityEventType, SecurityOutcome } from '../../../../contracts/events/security-events.js';

/** One security decision to put on the record (AUD-1). */
export interface SecurityDecision {
  type: SecurityEventType;
  action: string;
  target: string;
  outcome: SecurityOutcome;
  /** The error code answered, or `ok`. */
  reason: string;
  /** A verified identity (`api_key:<id>`, `admin:<id>`) or `anonymous`; never a presented secret. */
  actor: string;
  /** Client address as the trusted proxy chain reports it. */
  source: string;
  correlationId?: string;
  details?: Record<string, string | number | boolean | null>;
}

/**
 * Records security decisions in `security-<yyyy-mm-dd>` streams, folding repeats per source and action per
 * minute. Never throws: a failed append is logged, the request's answer does not change.
 */
export interface SecurityEvents {
  record(decision: SecurityDecision): Promise<void>;
  /** Appends the folded repeats now (shutdown, tests). */
  flush(): Promise<void>;
}

export const SECURITY_EVENTS = Symbol('SECURITY_EVENTS');
