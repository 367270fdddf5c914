import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { IdempotencyKeyClaimedData } from '../../../contracts/events/idempotency-events.js';
import type { StoredImageRef, TaskOwner, TaskSubmittedData } from '../../../contracts/events/task-events.js';
import type { Principal } from '../platform/auth/principal.js';
import { BLOB_STORE, type BlobStore } from '../platform/blob-store/blob-store.port.js';
import { CATALOG, type Catalog } from '../platform/catalog/index.js';
import { CLOCK, type Clock } from '../platform/clock/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { WrongExpectedRevisionError } from '../platform/event-store/event-store.errors.js';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port.js';
import { canonicalJson } from '../platform/event-store/hash-chain.js';
import { requestCommandContext } from '../platform/event-sourcing/command-context.js';
import { derivedId, ID_SOURCE, type IdSource } from '../platform/ids/id-source.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';
import { validateGenerateRequest, type ValidatedRequest } from './request-validation/index.js';
import { TaskCommands } from './task-command.handler.js';
import { TaskStatusEntity } from './task-status/task-status.entity.js';

export interface SubmissionReceipt {
  task_id: string;
  status: 'pending';
  seed: number;
  adjustments: TaskSubmittedData['adjustments'];
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * POST /generate (GEN-1, GEN-7, CAT-3): validate against the catalog, keep reference images in the blob
 * store, resolve the seed, honour Idempotency-Key, append TaskSubmitted and wait until the task is readable.
 */
@Injectable()
export class SubmissionService {
  constructor(
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: TaskCommands,
    private readonly runtime: PlatformRuntime,
  ) {}

  async submit(body: unknown, principal: Principal, source: string, idempotencyKey?: string): Promise<SubmissionReceipt> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new DomainError('validation_error', 'Idempotency-Key must be 1–200 visible ASCII characters.', {
        userAction: 'Send a key such as a UUID.',
        metadata: { fields: [{ field: 'Idempotency-Key', code: 'invalid', message: 'must be 1–200 visible ASCII characters' }] },
      });
    }
    const request = await validateGenerateRequest(this.catalog, body);
    const owner = ownerOf(principal);
    const requestHash = hashRequest(request);
    let taskId: string | null = null;
    if (idempotencyKey !== undefined) {
      const claimed = await this.existingClaim(owner, idempotencyKey, requestHash);
      if (claimed) taskId = claimed;
    }
    if (taskId === null) {
      await this.enforceCapacity(owner);
      taskId = idempotencyKey !== undefined ? await this.claim(owner, idempotencyKey, requestHash, principal, source) : this.ids.next();
    }
    const images = await this.storeImages(request);
    const seed = request.seed === -1 ? seedFor(taskId) : request.seed;
    const data: TaskSubmittedData = {
      task_id: taskId,
      owner,
      model: request.model,
      type: request.type,
      mode: request.mode,
      prompt: request.prompt,
      negative_prompt: request.negative_prompt,
      width: request.width,
      height: request.height,
      seed,
      requested_seed: request.seed,
      output_format: request.output_format,
      parameters: request.parameters as TaskSubmittedData['parameters'],
      adjustments: request.adjustments as TaskSubmittedData['adjustments'],
      images,
      request_hash: requestHash,
      retry_of: null,
      pending_timeout_ms: this.config.generation.pendingTimeoutMs,
      processing_timeout_ms: request.type === 'video' ? this.config.generation.videoProcessingTimeoutMs : this.config.generation.imageProcessingTimeoutMs,
    };
    const executed = await this.commands.execute(taskId, { type: 'SubmitTask', data }, requestCommandContext(derivedId(taskId, 'submit'), actorOf(principal), source));
    await this.runtime.projections.waitFor(executed.position, { names: ['task-status'] });
    return { task_id: taskId, status: 'pending', seed, adjustments: data.adjustments };
  }

  /** SEC-1 capacity: at most N pending or processing tasks per owner. */
  async enforceCapacity(owner: TaskOwner): Promise<void> {
    const limit = this.config.generation.maxActiveTasks;
    const active = await this.dataSource.getRepository(TaskStatusEntity).countBy({
      ownerKind: owner.kind,
      ownerId: owner.id,
      status: In(['pending', 'processing']),
      deleted: false,
    });
    if (active >= limit) {
      throw new DomainError('too_many_active_tasks', `You have ${active} tasks running; the limit is ${limit}.`, {
        userAction: 'Wait for a task to finish or cancel one, then submit again.',
        metadata: { active_tasks: active, limit },
      });
    }
  }

  private idempotencyStream(owner: TaskOwner, key: string): string {
    return `idempotency-${createHash('sha256').update(`${owner.kind}\u001f${owner.id}\u001f${key}`).digest('hex')}`;
  }

  private async existingClaim(owner: TaskOwner, key: string, requestHash: string): Promise<string | null> {
    const stream = this.idempotencyStream(owner, key);
    const revision = await this.store.streamRevision(stream);
    if (revision < 0) return null;
    const [last] = await this.store.readStream(stream, { fromRevision: revision });
    const claim = last.data as IdempotencyKeyClaimedData;
    if (new Date(claim.expires_at) <= this.clock.now()) return null;
    if (claim.request_hash !== requestHash) {
      throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was used with a different request in the last 24 hours.', {
        userAction: 'Use a new Idempotency-Key for a different request.',
        metadata: { task_id: claim.task_id },
      });
    }
    return claim.task_id;
  }

  /** Claims the key for a new task; a concurrent claim of the same key wins and its task is answered. */
  private async claim(owner: TaskOwner, key: string, requestHash: string, principal: Principal, source: string): Promise<string> {
    const stream = this.idempotencyStream(owner, key);
    const revision = await this.store.streamRevision(stream);
    const taskId = this.ids.next();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.generation.idempotencyWindowMs).toISOString();
    try {
      await this.store.append(
        stream,
        [{
          id: this.ids.next(),
          type: 'IdempotencyKeyClaimed',
          data: { task_id: taskId, request_hash: requestHash, expires_at: expiresAt } satisfies IdempotencyKeyClaimedData,
          metadata: { ...requestCommandContext(taskId, actorOf(principal), source), timestamp: this.clock.now().toISOString() },
        }],
        { expectedRevision: revision < 0 ? 'no_stream' : revision },
      );
      return taskId;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const winner = await this.existingClaim(owner, key, requestHash);
      if (!winner) throw error;
      return winner;
    }
  }

  private async storeImages(request: ValidatedRequest): Promise<StoredImageRef[]> {
    return Promise.all(
      request.images.map(async (image) => {
        const blob = await this.blobs.put(image.bytes, image.mime);
        return {
          role: image.role,
          ...(image.frame_index !== undefined ? { frame_index: image.frame_index } : {}),
          ...(image.strength !== undefined ? { strength: image.strength } : {}),
          mime: image.mime,
          width: image.width,
          height: image.height,
          sha256: blob.sha256,
          bytes: blob.bytes,
        };
      }),
    );
  }
}

export function ownerOf(principal: Principal): TaskOwner {
  return { kind: principal.kind === 'admin' ? 'system' : principal.kind, id: principal.id };
}

export function actorOf(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}

/** A random seed that is a pure function of the task id, so a re-sent submission reproduces it (GEN-7). */
export function seedFor(taskId: string): number {
  return parseInt(createHash('sha256').update(`seed\u001f${taskId}`).digest('hex').slice(0, 8), 16) % 2_147_483_648;
}

function hashRequest(request: ValidatedRequest): string {
  const { images, ...rest } = request;
  const imageHashes = images.map((image) => ({
    role: image.role,
    frame_index: image.frame_index ?? null,
    strength: image.strength ?? null,
    sha256: createHash('sha256').update(image.bytes).digest('hex'),
  }));
  return createHash('sha256').update(canonicalJson({ ...rest, images: imageHashes })).digest('hex');
}
