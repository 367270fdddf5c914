import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { EventStore } from '../event-store/event-store.port.js';
import { DomainError } from '../errors/domain-error.js';
import { ConsumerCheckpointEntity } from '../persistence/consumer-checkpoint.entity.js';
import { createReadModelDataSource } from '../persistence/read-model-datasource.js';
import type { ProjectionRunner, ProjectionStatus } from './projection-runner.js';
import type { Projector } from './projector.js';
import { verifyRebuild, type RebuildVerification } from './rebuild-verifier.js';

/** What the maintenance needs from the runtime: the discovered projectors and the runner driving them. */
export interface ProjectionHost {
  readonly projectors: readonly Projector[];
  readonly projections: ProjectionRunner;
}

export interface RebuildReport {
  ok: boolean;
  results: RebuildVerification[];
}

export interface RebuildStarted {
  rebuilding: string[];
  projections: ProjectionStatus[];
}

/**
 * Rebuild and rebuild verification (AUD-4, SC-7), shared by the CLI (`projections rebuild [--verify]`) and
 * `POST /admin/projections/rebuild`. One operation at a time per process: an in-place rebuild empties
 * live tables, so a verification or a second rebuild meanwhile would compare or replay half a read model.
 */
export class ProjectionMaintenance {
  private busy: string | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly live: DataSource,
    private readonly host: ProjectionHost,
    private readonly options: { catchUpTimeoutMs?: number } = {},
  ) {}

  /** The named projector, or all of them; an unknown name is a coded error listing the known ones. */
  select(name?: string): Projector[] {
    if (name === undefined) return [...this.host.projectors];
    const projector = this.host.projectors.find((candidate) => candidate.name === name);
    if (!projector) {
      throw new DomainError('projection_not_found', `No projection is named ${name}.`, {
        userAction: `Use one of: ${this.host.projectors.map((known) => known.name).join(', ')}.`,
      });
    }
    return [projector];
  }

  /** Rebuilds into scratch tables (a temporary SQLite file) and diffs them against the live ones. */
  async verify(name?: string): Promise<RebuildReport> {
    const projectors = this.select(name);
    const release = this.claim('verification');
    const dir = mkdtempSync(join(tmpdir(), 'gg-rebuild-'));
    const scratch = createReadModelDataSource({ kind: 'sqlite', path: join(dir, 'scratch.sqlite') }, [
      ConsumerCheckpointEntity,
      ...projectors.flatMap((projector) => projector.tables),
    ] as never);
    try {
      await scratch.initialize();
      const results: RebuildVerification[] = [];
      for (const projector of projectors) results.push(await this.verifyOne(scratch, projector));
      return { ok: results.every((result) => result.differences.length === 0), results };
    } finally {
      if (scratch.isInitialized) await scratch.destroy();
      rmSync(dir, { recursive: true, force: true });
      release();
    }
  }

  /**
   * Empties the live tables and replays from position 0. With a live runner (the server) every lane pauses
   * while the tables are emptied, then all follow the log again (a parked one too) and this resolves at once,
   * the lock held until the rebuilt projectors reach the head; a stopped runner (the CLI) is driven to the
   * head before this resolves.
   */
  async rebuild(name?: string): Promise<RebuildStarted> {
    const names = this.select(name).map((projector) => projector.name);
    const release = this.claim('rebuild');
    try {
      const head = await this.store.headPosition();
      const runner = this.host.projections;
      const live = (await runner.status()).some((status) => status.state !== 'stopped');
      if (live) await runner.stop();
      try {
        for (const projector of names) await runner.rebuild(projector);
      } finally {
        if (live) await runner.start();
      }
      if (live) {
        runner
          .waitFor(head, { names, timeoutMs: this.options.catchUpTimeoutMs ?? 600_000 })
          .catch(() => undefined)
          .finally(release);
      } else {
        await runner.catchUp();
        release();
      }
      return { rebuilding: names, projections: await runner.status() };
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * A live lane can commit between the snapshot's checkpoint read and its row reads (PostgreSQL's
   * read-committed snapshot), which shows a difference that is not there: a real divergence is deterministic
   * and shows again, so a projector is reported different only when every attempt says so (decisions D31).
   */
  private async verifyOne(scratch: DataSource, projector: Projector, attempts = 3): Promise<RebuildVerification> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const [result] = await verifyRebuild(this.store, this.live, scratch, [projector]);
        if (result.differences.length === 0 || attempt >= attempts) return result;
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }

  /** The operation in progress, if any. */
  get inProgress(): string | null {
    return this.busy;
  }

  private claim(kind: string): () => void {
    if (this.busy) {
      throw new DomainError('rebuild_in_progress', `A projection ${this.busy} is already running.`, {
        userAction: 'Wait until it finishes (see the projections status), then try again.',
      });
    }
    this.busy = kind;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.busy = null;
    };
  }
}
