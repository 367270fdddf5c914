import { Controller, Delete, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { GenerationAuthGuard } from '../platform/auth/generation-auth.guard.js';
import { ClientSource, CurrentPrincipal, type Principal } from '../platform/auth/principal.js';
import { checkTaskId, TaskActions } from '../generation/index.js';
import { GalleryQuery, type GalleryQueryInput } from './gallery.query.js';

/** GET /gallery and DELETE /gallery/{id} (GAL-1, GAL-2, COMPAT). */
@ApiTags('gallery')
@UseGuards(GenerationAuthGuard)
@Controller('gallery')
export class GalleryController {
  constructor(
    private readonly gallery: GalleryQuery,
    private readonly actions: TaskActions,
  ) {}

  @Get()
  list(@Query() query: GalleryQueryInput, @CurrentPrincipal() principal: Principal) {
    return this.gallery.list(query, principal);
  }

  @Delete(':id')
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @ClientSource() source: string) {
    await this.actions.deleteOutput(checkTaskId(id), principal, source);
    return { deleted: true, id };
  }
}
