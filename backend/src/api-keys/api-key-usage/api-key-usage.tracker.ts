import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../../platform/clock/clock.js';
import { ApiKeyUsageEntity } from './api-key-usage.entity.js';

/** At most one write per key per minute per instance. */
export const USAGE_WRITE_INTERVAL_MS = 60_000;

/** Keeps `last_used_at` without writing on every request. */
@Injectable()
export class ApiKeyUsageTracker {
  private readonly logger = new Logger('ApiKeyUsage');
  private readonly written = new Map<string, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async used(keyId: string): Promise<void> {
    const now = this.clock.now();
    const last = this.written.get(keyId);
    if (last !== undefined && now.getTime() - last < USAGE_WRITE_INTERVAL_MS) return;
    this.written.set(keyId, now.getTime());
    try {
      await this.dataSource.getRepository(ApiKeyUsageEntity).upsert({ keyId, lastUsedAt: now.toISOString() }, ['keyId']);
    } catch (error) {
      this.written.delete(keyId);
      this.logger.warn({ msg: 'could not record API key use', key: keyId, err: error });
    }
  }
}
