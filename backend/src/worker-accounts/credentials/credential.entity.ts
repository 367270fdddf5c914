import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An encrypted worker credential. Not a projection: it cannot be rebuilt from events (which never hold
 * secrets), it is never cleared by a rebuild, and deleting the row destroys the secret for good.
 */
@Entity('worker_credentials')
export class CredentialEntity {
  @PrimaryColumn('varchar', { length: 64 })
  ref!: string;

  /** Which encryption key sealed it (first 16 hex of the key's sha256). */
  @Column('varchar', { length: 16 })
  keyId!: string;

  @Column('varchar', { length: 32 })
  iv!: string;

  @Column('varchar', { length: 32 })
  tag!: string;

  @Column('text')
  ciphertext!: string;
}
