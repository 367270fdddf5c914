import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per admin session, found by the sha256 of its cookie token (AUTH-4). Built only from events. */
@Entity('admin_sessions')
export class AdminSessionEntity {
  @PrimaryColumn('varchar', { length: 64 })
  id!: string;

  @Index('admin_sessions_token_hash', { unique: true })
  @Column('varchar', { length: 64 })
  tokenHash!: string;

  @Column('varchar', { length: 16 })
  status!: 'active' | 'revoked' | 'expired';

  @Column('varchar', { length: 30 })
  issuedAt!: string;

  @Column('varchar', { length: 30 })
  expiresAt!: string;

  @Column('integer')
  idleTimeoutSeconds!: number;

  @Column('varchar', { length: 16 })
  keyFingerprint!: string;

  @Column('varchar', { length: 30, nullable: true })
  endedAt!: string | null;

  @Column('varchar', { length: 16, nullable: true })
  endReason!: string | null;

  @Column('integer')
  revision!: number;
}
