import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AdminSessionActivityEntity } from './admin-session-activity.entity.js';
import { AdminSessionEntity } from './admin-session.entity.js';

/** Admin session by token hash, and its sliding activity clock. */
@Injectable()
export class AdminSessionQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byTokenHash(tokenHash: string): Promise<AdminSessionEntity | null> {
    return this.dataSource.getRepository(AdminSessionEntity).findOneBy({ tokenHash });
  }

  async lastActivity(sessionId: string): Promise<string | null> {
    return (await this.dataSource.getRepository(AdminSessionActivityEntity).findOneBy({ sessionId }))?.lastActivityAt ?? null;
  }

  async touch(sessionId: string, at: string): Promise<void> {
    await this.dataSource.getRepository(AdminSessionActivityEntity).upsert({ sessionId, lastActivityAt: at }, ['sessionId']);
  }
}
