import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Invite access codes as admins list them (never the code itself). Built only from events. */
@Entity('access_codes')
export class AccessCodeEntity {
  @PrimaryColumn('varchar', { length: 32 })
  id!: string;

  @Column('varchar', { length: 32 })
  prefix!: string;

  @Column('varchar', { length: 200 })
  label!: string;

  @Column('integer')
  maxUses!: number;

  @Column('integer')
  uses!: number;

  @Column('varchar', { length: 16 })
  status!: 'active' | 'revoked';

  @Column('varchar', { length: 30 })
  createdAt!: string;

  @Column('varchar', { length: 160 })
  createdBy!: string;

  @Column('varchar', { length: 30 })
  expiresAt!: string;

  @Column('varchar', { length: 30, nullable: true })
  lastUsedAt!: string | null;

  @Column('varchar', { length: 30, nullable: true })
  revokedAt!: string | null;

  @Column('integer')
  revision!: number;
}
