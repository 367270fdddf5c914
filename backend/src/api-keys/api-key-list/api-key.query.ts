import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import type { ApiKeyScope } from '../../../../contracts/events/api-key-events.js';
import { ApiKeyUsageEntity } from '../api-key-usage/api-key-usage.entity.js';
import { ApiKeyEntity } from './api-key.entity.js';

export interface ApiKeyView {
  id: string;
  prefix: string;
  name: string;
  scopes: ApiKeyScope[];
  status: 'active' | 'expired' | 'revoked';
  created_at: string;
  created_by: string;
  expires_at: string;
  last_used_at: string | null;
  rotated_at: string | null;
  /** During a rotation's grace period: the previous secret's prefix and until when it still works. */
  previous_prefix: string | null;
  previous_valid_until: string | null;
  revoked_at: string | null;
}

/** The key check's lookup and GET /admin/api-keys (never a secret, never a digest). */
@Injectable()
export class ApiKeyQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byId(id: string): Promise<ApiKeyEntity | null> {
    return this.dataSource.getRepository(ApiKeyEntity).findOneBy({ id });
  }

  async list(now: Date): Promise<ApiKeyView[]> {
    const rows = await this.dataSource.getRepository(ApiKeyEntity).find({ order: { createdAt: 'DESC', id: 'ASC' }, take: 1000 });
    const usage = rows.length
      ? await this.dataSource.getRepository(ApiKeyUsageEntity).findBy({ keyId: In(rows.map((row) => row.id)) })
      : [];
    const lastUsed = new Map(usage.map((entry) => [entry.keyId, entry.lastUsedAt]));
    return rows.map((row) => {
      const inGrace = row.previousValidUntil !== null && Date.parse(row.previousValidUntil) > now.getTime() && row.status === 'active';
      return {
        id: row.id,
        prefix: row.prefix,
        name: row.name,
        scopes: row.scopes,
        status: row.status === 'revoked' ? 'revoked' : Date.parse(row.expiresAt) <= now.getTime() ? 'expired' : 'active',
        created_at: row.createdAt,
        created_by: row.createdBy,
        expires_at: row.expiresAt,
        last_used_at: lastUsed.get(row.id) ?? null,
        rotated_at: row.rotatedAt,
        previous_prefix: inGrace ? row.previousPrefix : null,
        previous_valid_until: inGrace ? row.previousValidUntil : null,
        revoked_at: row.revokedAt,
      };
    });
  }
}
