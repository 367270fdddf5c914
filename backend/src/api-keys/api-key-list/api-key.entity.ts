import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ApiKeyScope } from '../../../../contracts/events/api-key-events.js';

/**
 * One row per API key: what the key check and the admin list read (AUTH-3). Holds only sha256 digests of
 * the current and (during a rotation's grace period) the previous secret. Built only from events.
 */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn('varchar', { length: 32 })
  id!: string;

  @Column('varchar', { length: 100 })
  name!: string;

  @Column('simple-json')
  scopes!: ApiKeyScope[];

  @Column('varchar', { length: 32 })
  prefix!: string;

  @Column('varchar', { length: 64 })
  secretHash!: string;

  @Column('varchar', { length: 32, nullable: true })
  previousPrefix!: string | null;

  @Column('varchar', { length: 64, nullable: true })
  previousSecretHash!: string | null;

  @Column('varchar', { length: 30, nullable: true })
  previousValidUntil!: string | null;

  @Column('varchar', { length: 16 })
  status!: 'active' | 'revoked';

  @Column('varchar', { length: 30 })
  createdAt!: string;

  @Column('varchar', { length: 160 })
  createdBy!: string;

  @Column('varchar', { length: 30 })
  expiresAt!: string;

  @Column('varchar', { length: 30, nullable: true })
  rotatedAt!: string | null;

  @Column('varchar', { length: 30, nullable: true })
  revokedAt!: string | null;

  @Column('integer')
  revision!: number;
}
