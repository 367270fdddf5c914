import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, FindOptionsWhere } from 'typeorm';
import type { Principal } from '../platform/auth/principal.js';
import { GalleryItemEntity } from './gallery-item.entity.js';

export interface GalleryQueryInput {
  page?: string;
  per_page?: string;
  model?: string;
  type?: string;
  sort?: string;
  owner?: string;
}

const SORTS: Record<string, keyof GalleryItemEntity> = { created_at: 'createdAt', model: 'model', width: 'width', height: 'height' };

/** GET /gallery (GAL-1, COMPAT): done outputs with files, newest first, paginated and filtered. */
@Injectable()
export class GalleryQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(input: GalleryQueryInput, principal: Principal) {
    const page = clampInt(input.page, 1, 1, 1_000_000);
    const perPage = clampInt(input.per_page, 20, 1, 100);
    const where: FindOptionsWhere<GalleryItemEntity> = { visible: true };
    if (input.model) where.model = input.model === 'wan-remix' ? 'phr00t' : input.model;
    if (input.type === 'image' || input.type === 'video') where.type = input.type;
    if (input.owner === 'me') Object.assign(where, { ownerKind: principal.kind, ownerId: principal.id });
    const sort = SORTS[input.sort ?? ''] ?? 'createdAt';
    const order = sort === 'createdAt' ? { createdAt: 'DESC' as const, id: 'DESC' as const } : { [sort]: 'DESC' as const, createdAt: 'DESC' as const, id: 'DESC' as const };
    const [rows, total] = await this.dataSource.getRepository(GalleryItemEntity).findAndCount({ where, order, skip: (page - 1) * perPage, take: perPage });
    return {
      items: rows.map((row) => toItem(row, principal)),
      total,
      page,
      per_page: perPage,
      has_more: page * perPage < total,
    };
  }
}

function toItem(row: GalleryItemEntity, principal: Principal) {
  const created = Date.parse(row.createdAt);
  const started = row.startedAt ? Date.parse(row.startedAt) : null;
  const completed = row.completedAt ? Date.parse(row.completedAt) : null;
  return {
    id: row.id,
    model: row.model,
    type: row.type,
    mode: row.mode,
    prompt: row.prompt,
    negative_prompt: row.negativePrompt,
    parameters: row.parameters,
    width: row.width,
    height: row.height,
    seed: row.seed,
    output_format: row.outputFormat,
    created_at: row.createdAt,
    completed_at: row.completedAt,
    preview_url: `/preview/${row.id}`,
    result_url: `/results/${row.id}`,
    mime: row.mime,
    bytes: row.bytes,
    frames: row.frames,
    fps: row.fps,
    duration_seconds: row.durationSeconds,
    timings: {
      queued_ms: started !== null ? started - created : null,
      processing_ms: started !== null && completed !== null ? completed - started : null,
      total_ms: completed !== null ? completed - created : null,
    },
    mine: principal.kind === row.ownerKind && principal.id === row.ownerId,
  };
}

function clampInt(raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : fallback;
  return Math.min(max, Math.max(min, value));
}
