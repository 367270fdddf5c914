import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';
import { ProjectionMaintenance } from '../platform/projections/projection-maintenance.js';
import { EventLogController } from './event-log.controller.js';
import { ProjectionRebuildController } from './projection-rebuild.controller.js';
import { StreamHistoryController } from './stream-history.controller.js';
import { StreamHistory } from './stream-history.service.js';

const CONTROLLERS = [EventLogController, StreamHistoryController, ProjectionRebuildController];
const SERVICES = [
  StreamHistory,
  // One instance per process, so its lock refuses a second rebuild while one runs (409 rebuild_in_progress).
  {
    provide: ProjectionMaintenance,
    useFactory: (store: EventStore, live: DataSource, runtime: PlatformRuntime) => new ProjectionMaintenance(store, live, runtime),
    inject: [EVENT_STORE, DataSource, PlatformRuntime],
  },
];

/** The auditor routes (AUD-3, AUD-4, SC-7): log verification, export, timelines, state as of, rebuilds. */
@Module({
  controllers: CONTROLLERS,
  providers: SERVICES,
})
export class AuditReplayModule {}
