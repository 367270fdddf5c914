import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccessCodeEntity } from './access-code.entity.js';

export interface AccessCodeView {
  id: string;
  prefix: string;
  label: string;
  max_uses: number;
  uses: number;
  status: 'active' | 'revoked' | 'expired' | 'used_up';
  created_at: string;
  created_by: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** GET /admin/access-codes: newest first; `status` folds in expiry and exhaustion as of `now`. */
@Injectable()
export class AccessCodeQuery {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(now: Date): Promise<AccessCodeView[]> {
    const rows = await this.dataSource.getRepository(AccessCodeEntity).find({ order: { createdAt: 'DESC', id: 'ASC' }, take: 1000 });
    return rows.map((row) => ({
      id: row.id,
      prefix: row.prefix,
      label: row.label,
      max_uses: row.maxUses,
      uses: row.uses,
      status: row.status === 'revoked' ? 'revoked' : Date.parse(row.expiresAt) <= now.getTime() ? 'expired' : row.uses >= row.maxUses ? 'used_up' : 'active',
      created_at: row.createdAt,
      created_by: row.createdBy,
      expires_at: row.expiresAt,
      last_used_at: row.lastUsedAt,
      revoked_at: row.revokedAt,
    }));
  }
}
