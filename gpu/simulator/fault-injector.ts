import { DEFAULT_FAULTS, type FaultPatch, type FaultSettings } from './fault-settings.js';
import { createSeededRandom, seedFromText, type SeededRandom } from './seeded-random.js';

/**
 * Holds the current fault settings and rolls the dice for them. Request-level dice (5xx, dropped status)
 * come from one seeded stream, so a test that sends the same requests in the same order sees the same
 * faults. Job-level dice (OOM) are derived from the job id instead, so they do not depend on how many
 * requests happened to arrive before the job.
 */
export class FaultInjector {
  private current: FaultSettings;
  private readonly dice: SeededRandom;

  constructor(
    private readonly initial: Partial<FaultSettings>,
    private readonly seed: number,
  ) {
    this.current = { ...DEFAULT_FAULTS, ...initial };
    this.dice = createSeededRandom(seed);
  }

  get settings(): Readonly<FaultSettings> {
    return this.current;
  }

  update(patch: FaultPatch): Readonly<FaultSettings> {
    const { reset, ...rest } = patch;
    const base = reset ? { ...DEFAULT_FAULTS, ...this.initial } : this.current;
    this.current = { ...base, ...rest };
    return this.current;
  }

  /** Returns the 5xx status to answer with, or null to serve the request normally. */
  rollRequestError(): number | null {
    if (this.current.errorRate <= 0) return null;
    if (this.dice.next() >= this.current.errorRate) return null;
    return this.dice.pick([500, 502, 503]);
  }

  rollDropStatus(): boolean {
    return this.current.dropStatusRate > 0 && this.dice.next() < this.current.dropStatusRate;
  }

  rollOutOfMemory(jobId: string): boolean {
    if (this.current.oomRate <= 0) return false;
    return createSeededRandom(seedFromText(`${this.seed}:oom:${jobId}`)).next() < this.current.oomRate;
  }

  failsModel(model: string): boolean {
    return this.current.failModels.includes(model);
  }

  isHungAt(progress: number): boolean {
    return this.current.hang && progress >= this.current.hangAtProgress;
  }

  crashesAt(progress: number): boolean {
    const at = this.current.crashAtProgress;
    return at !== null && progress >= at;
  }
}
