import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TaskEvent } from '../../../contracts/events/task-events.js';
import type { RecordedEvent } from '../platform/event-store/event-store.port.js';
import { AsProjector } from '../platform/projections/as-projector.js';
import { applyKeyed } from '../platform/projections/keyed-projection.js';
import type { Projector } from '../platform/projections/projector.js';
import { GalleryItemEntity } from './gallery-item.entity.js';

/** Builds the gallery (GAL-1) from task events: visible once done, gone once deleted, failed, or canceled. */
@AsProjector()
@Injectable()
export class GalleryProjector implements Projector {
  readonly name = 'gallery';
  readonly version = 1;
  readonly handles = ['TaskSubmitted', 'TaskStarted', 'TaskCompleted', 'TaskFailed', 'TaskExpired', 'TaskCanceled', 'TaskOutputDeleted'];
  readonly tables = [GalleryItemEntity];

  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    return applyKeyed<GalleryItemEntity>(manager, {
      entity: GalleryItemEntity,
      keyProperty: 'id',
      keyOf: (event) => (event.data as { task_id: string }).task_id,
      evolve: (row, recorded) => {
        if (row && recorded.revision <= row.revision) return row;
        const event = recorded as unknown as TaskEvent;
        const at = recorded.metadata.timestamp;
        if (event.type === 'TaskSubmitted') {
          const d = event.data;
          return {
            id: d.task_id, revision: recorded.revision, visible: false, ownerKind: d.owner.kind, ownerId: d.owner.id,
            model: d.model, type: d.type, mode: d.mode, prompt: d.prompt, negativePrompt: d.negative_prompt, parameters: d.parameters,
            width: d.width, height: d.height, seed: d.seed, outputFormat: d.output_format, createdAt: at, startedAt: null,
            completedAt: null, mime: null, bytes: null, frames: null, fps: null, durationSeconds: null,
          };
        }
        if (!row) return null;
        switch (event.type) {
          case 'TaskStarted':
            return { ...row, revision: recorded.revision, startedAt: at };
          case 'TaskCompleted': {
            const result = event.data.result;
            return {
              ...row, revision: recorded.revision, visible: true, completedAt: at, mime: result.mime, bytes: result.bytes,
              width: result.width || row.width, height: result.height || row.height,
              frames: result.frames ?? null, fps: result.fps ?? null, durationSeconds: result.duration_seconds ?? null,
            };
          }
          case 'TaskFailed':
          case 'TaskExpired':
          case 'TaskCanceled':
          case 'TaskOutputDeleted':
            return null;
          default:
            return { ...row, revision: recorded.revision };
        }
      },
    }, events);
  }
}
