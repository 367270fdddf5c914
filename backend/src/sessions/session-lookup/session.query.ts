import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SessionEntity } from './session.entity.js';

/** The session a cookie token names (by its sha256), or null. */
@Injectable()
export class SessionQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byTokenHash(tokenHash: string): Promise<SessionEntity | null> {
    return this.dataSource.getRepository(SessionEntity).findOneBy({ tokenHash });
  }
}
