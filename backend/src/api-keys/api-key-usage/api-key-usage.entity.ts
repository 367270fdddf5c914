import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * When each API key was last used (AUTH-3), to the minute. Deliberately not an event (one per request
 * would flood the log) and not projector-owned (a rebuild keeps it). See specs/decisions.md.
 */
@Entity('api_key_usage')
export class ApiKeyUsageEntity {
  @PrimaryColumn('varchar', { length: 32 })
  keyId!: string;

  @Column('varchar', { length: 30 })
  lastUsedAt!: string;
}
