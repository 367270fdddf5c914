import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './platform/config/app-config.js';
import type { Clock } from './platform/clock/clock.js';
import type { IdSource } from './platform/ids/id-source.js';
import { AdminModule, ADMIN_ENTITIES } from './admin/index.js';
import { ApiKeysModule, API_KEYS_ENTITIES } from './api-keys/index.js';
import { AuditModule, AUDIT_ENTITIES } from './audit/index.js';
import { AuditReplayModule } from './audit-replay/index.js';
import { GalleryModule, GALLERY_ENTITIES } from './gallery/index.js';
import { GenerationModule, GENERATION_ENTITIES } from './generation/index.js';
import { PlatformModule } from './platform/platform.module.js';
import { SecurityModule } from './platform/security/security.module.js';
import { SessionsModule, SESSIONS_ENTITIES } from './sessions/index.js';
import { WorkerAccountsModule, WORKER_ACCOUNT_ENTITIES } from './worker-accounts/index.js';
import type { RuntimeRole } from './platform/platform-runtime.js';

export interface AppModuleOptions {
  config: AppConfig;
  role: RuntimeRole;
  clock?: Clock;
  ids?: IdSource;
}

const AUTH_ENTITIES = [...SESSIONS_ENTITIES, ...API_KEYS_ENTITIES, ...ADMIN_ENTITIES, ...AUDIT_ENTITIES];

/** The whole backend: the platform plus every feature (each feature is a folder with its own module). */
@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, entities: [...GENERATION_ENTITIES, ...GALLERY_ENTITIES, ...WORKER_ACCOUNT_ENTITIES, ...AUTH_ENTITIES] }),
        SecurityModule,
        AdminModule,
        SessionsModule,
        ApiKeysModule,
        AuditModule,
        WorkerAccountsModule,
        GenerationModule,
        GalleryModule,
        AuditReplayModule,
      ],
    };
  }
}
