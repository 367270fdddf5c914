import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TaskOutputDeletedData } from '../../../contracts/events/task-events.js';
import { BLOB_STORE, type BlobStore } from '../platform/blob-store/blob-store.port.js';
import type { RecordedEvent } from '../platform/event-store/event-store.port.js';
import { AsProcessManager, type ProcessManager } from '../platform/processes/process-manager.js';
import { TaskStatusEntity } from './task-status/task-status.entity.js';

/**
 * Removes a deleted output's files (GAL-2). Blobs are content-addressed, so two tasks with the same seed
 * and prompt can share one: a blob still shown by another task stays. Deleting a missing file is a no-op,
 * so redelivery is harmless.
 */
@AsProcessManager()
@Injectable()
export class OutputCleanupProcess implements ProcessManager {
  readonly name = 'output-cleanup';
  readonly handles = ['TaskOutputDeleted'];

  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async handle(event: RecordedEvent): Promise<void> {
    const data = event.data as TaskOutputDeletedData;
    for (const sha256 of [data.result_sha256, data.preview_sha256]) {
      if (sha256 && !(await this.stillUsed(sha256, data.task_id))) await this.blobs.delete(sha256);
    }
  }

  private async stillUsed(sha256: string, exceptTaskId: string): Promise<boolean> {
    const count = await this.dataSource
      .getRepository(TaskStatusEntity)
      .createQueryBuilder('t')
      .where('t.id != :id AND t.deleted = :deleted', { id: exceptTaskId, deleted: false })
      .andWhere('(t.result LIKE :pattern OR t.preview LIKE :pattern)', { pattern: `%"${sha256}"%` })
      .getCount();
    return count > 0;
  }
}
