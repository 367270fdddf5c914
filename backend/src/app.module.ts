import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from './platform/config/app-config.js';
import type { Clock } from './platform/clock/clock.js';
import type { IdSource } from './platform/ids/id-source.js';
import { GalleryModule, GALLERY_ENTITIES } from './gallery/index.js';
import { GenerationModule, GENERATION_ENTITIES } from './generation/index.js';
import { PlatformModule } from './platform/platform.module.js';
import type { RuntimeRole } from './platform/platform-runtime.js';

export interface AppModuleOptions {
  config: AppConfig;
  role: RuntimeRole;
  clock?: Clock;
  ids?: IdSource;
}

/** The whole backend: the platform plus every feature (each feature is a folder with its own module). */
@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, entities: [...GENERATION_ENTITIES, ...GALLERY_ENTITIES] }),
        GenerationModule,
        GalleryModule,
      ],
    };
  }
}
