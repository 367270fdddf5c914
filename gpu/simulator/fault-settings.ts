/**
 * The faults a simulator can inject. Every field has a harmless default, so a partial patch is enough.
 * The same shape is accepted by `startSimulator({faults})`, by `POST /_faults` and (as env/CLI) by main.ts.
 */
export interface FaultSettings {
  /** Added before every response (except the `/_faults` control route). */
  latencyMs: number;
  /** Share (0–1) of authenticated requests answered with a 5xx before touching any state. */
  errorRate: number;
  /** Jobs stop progressing once they reach `hangAtProgress` and never finish (cancel still works). */
  hang: boolean;
  hangAtProgress: number;
  /** When a job reaches this progress the worker dies: main.ts exits 137, in-process the server closes. */
  crashAtProgress: number | null;
  /** Share (0–1) of `GET /jobs/{id}` requests that get no answer. */
  dropStatusRate: number;
  /** `hold`: keep the socket open with no answer (caller times out); `reset`: destroy it at once. */
  dropStatusMode: 'hold' | 'reset';
  /** Every callback is POSTed twice. */
  duplicateReports: boolean;
  /** Each callback is delayed this long (late reports). */
  callbackDelayMs: number;
  /** Share (0–1) of jobs that fail with `gpu_out_of_memory` during the first denoising step. */
  oomRate: number;
  /** Models whose jobs fail with `worker_error` while loading. */
  failModels: string[];
}

export const DEFAULT_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  hang: false,
  hangAtProgress: 50,
  crashAtProgress: null,
  dropStatusRate: 0,
  dropStatusMode: 'hold',
  duplicateReports: false,
  callbackDelayMs: 0,
  oomRate: 0,
  failModels: [],
});

const rate = { type: 'number', minimum: 0, maximum: 1 } as const;
const progress = { type: 'integer', minimum: 0, maximum: 100 } as const;

/** JSON schema of a `POST /_faults` body: a partial `FaultSettings`, plus `reset` to start from defaults. */
export const FAULT_PATCH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reset: { type: 'boolean' },
    latencyMs: { type: 'integer', minimum: 0, maximum: 600_000 },
    errorRate: rate,
    hang: { type: 'boolean' },
    hangAtProgress: progress,
    crashAtProgress: { anyOf: [progress, { type: 'null' }] },
    dropStatusRate: rate,
    dropStatusMode: { enum: ['hold', 'reset'] },
    duplicateReports: { type: 'boolean' },
    callbackDelayMs: { type: 'integer', minimum: 0, maximum: 600_000 },
    oomRate: rate,
    failModels: { type: 'array', items: { type: 'string' } },
  },
} as const;

export type FaultPatch = Partial<FaultSettings> & { reset?: boolean };
