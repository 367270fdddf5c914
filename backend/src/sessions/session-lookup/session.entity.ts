import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per generation session, found by the sha256 of its cookie token (AUTH-2). Built only from events. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn('varchar', { length: 64 })
  id!: string;

  @Index('sessions_token_hash', { unique: true })
  @Column('varchar', { length: 64 })
  tokenHash!: string;

  @Column('varchar', { length: 16 })
  status!: 'active' | 'revoked' | 'expired';

  @Column('varchar', { length: 30 })
  issuedAt!: string;

  @Column('varchar', { length: 30 })
  expiresAt!: string;

  @Column('varchar', { length: 30, nullable: true })
  endedAt!: string | null;

  @Column('varchar', { length: 64, nullable: true })
  accessCodeId!: string | null;

  @Column('integer')
  revision!: number;
}
