import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { CLOCK, SystemClock, type Clock } from './clock/clock.js';
import { DeadlineEntity, DeadlineFiringEntity } from './deadlines/deadline.entity.js';
import { createEventStore } from './event-store/event-store.factory.js';
import { EVENT_STORE, EVENT_STORE_TRAITS, type EventStoreTraits } from './event-store/event-store.port.js';
import { HealthController } from './health/health.controller.js';
import { BLOB_STORE } from './blob-store/blob-store.port.js';
import { FsBlobStore } from './blob-store/fs-blob-store.js';
import { join } from 'node:path';
import { CATALOG } from './catalog/catalog.js';
import { catalogProvider, SCHEMA_RELATIVE_PATH } from './catalog/catalog.loader.js';
import { ID_SOURCE, RandomIdSource, type IdSource } from './ids/id-source.js';
import { ConsumerCheckpointEntity } from './persistence/consumer-checkpoint.entity.js';
import { readModelOptions, type Entities } from './persistence/read-model-datasource.js';
import { serializeSqliteAccess } from './persistence/sqlite-serializer.js';
import { DataSource } from 'typeorm';
import { ParkedEventEntity } from './processes/parked-event.entity.js';
import { PlatformRuntime, RUNTIME_ROLE, type RuntimeRole } from './platform-runtime.js';

const EVENT_STORE_HANDLE = Symbol('EVENT_STORE_HANDLE');
type EventStoreHandle = Awaited<ReturnType<typeof createEventStore>>;

export const PLATFORM_ENTITIES = [ConsumerCheckpointEntity, ParkedEventEntity, DeadlineEntity, DeadlineFiringEntity];

export interface PlatformOptions {
  config: AppConfig;
  role: RuntimeRole;
  /** Every read-model entity the features declare. */
  entities: Entities;
  /** Tests inject a ManualClock or predictable ids. */
  clock?: Clock;
  ids?: IdSource;
}

/** Shared machinery every feature uses: config, clock, ids, the event store, read models, runners. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: options.config },
      { provide: RUNTIME_ROLE, useValue: options.role },
      { provide: CLOCK, useValue: options.clock ?? new SystemClock() },
      { provide: ID_SOURCE, useValue: options.ids ?? new RandomIdSource() },
      { provide: EVENT_STORE_HANDLE, useFactory: () => createEventStore(options.config.eventStore) },
      { provide: EVENT_STORE, useFactory: (handle: EventStoreHandle) => handle.store, inject: [EVENT_STORE_HANDLE] },
      {
        provide: EVENT_STORE_TRAITS,
        useFactory: (handle: EventStoreHandle): EventStoreTraits => ({ contiguousPositions: handle.contiguousPositions }),
        inject: [EVENT_STORE_HANDLE],
      },
      catalogProvider(options.config.catalogPath, { schemaPath: join(options.config.rootDir, SCHEMA_RELATIVE_PATH) }),
      { provide: BLOB_STORE, useValue: new FsBlobStore(join(options.config.dataDir, 'results')) },
      PlatformRuntime,
    ];
    return {
      module: PlatformModule,
      imports: [
        DiscoveryModule,
        CqrsModule.forRoot(),
        TypeOrmModule.forRootAsync({
          useFactory: () => readModelOptions(options.config.readModel, [...PLATFORM_ENTITIES, ...(options.entities as unknown[])] as Entities),
          dataSourceFactory: async (dataSourceOptions) => {
            const dataSource = new DataSource(dataSourceOptions!);
            if (options.config.readModel.kind === 'sqlite') serializeSqliteAccess(dataSource);
            return dataSource.initialize();
          },
        }),
      ],
      controllers: [HealthController],
      providers,
      exports: [APP_CONFIG, CATALOG, BLOB_STORE, RUNTIME_ROLE, CLOCK, ID_SOURCE, EVENT_STORE, EVENT_STORE_TRAITS, PlatformRuntime, CqrsModule],
    };
  }
}
