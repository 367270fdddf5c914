import { Module } from '@nestjs/common';
import { GenerationModule } from '../generation/index.js';
import { GalleryController } from './gallery.controller.js';
import { GalleryItemEntity } from './gallery-item.entity.js';
import { GalleryProjector } from './gallery.projector.js';
import { GalleryQuery } from './gallery.query.js';

export const GALLERY_ENTITIES = [GalleryItemEntity];

@Module({
  imports: [GenerationModule],
  controllers: [GalleryController],
  providers: [GalleryProjector, GalleryQuery],
})
export class GalleryModule {}
