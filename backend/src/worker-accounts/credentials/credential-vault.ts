import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config.js';
import { DomainError } from '../../platform/errors/domain-error.js';
import { ID_SOURCE, type IdSource } from '../../platform/ids/id-source.js';
import { secretRedactor } from '../../platform/logging/secret-redactor.js';
import { CredentialEntity } from './credential.entity.js';

/** What a worker account needs to be reached and deployed; every field is a secret. */
export interface WorkerCredentials {
  /** Bearer token the worker checks (http and modal). */
  token: string;
  modalTokenId?: string;
  modalTokenSecret?: string;
  proxyKey?: string;
  proxySecret?: string;
}

interface Key {
  id: string;
  key: Buffer;
}

/**
 * Worker credentials encrypted at rest with AES-256-GCM (SEC-5, ADM-1). Each row records the id of the
 * key that sealed it, so ENCRYPTION_KEY can rotate: old keys stay readable via ENCRYPTION_KEY_PREVIOUS until
 * `rotate()` re-encrypts everything with the current key. Events hold only the reference and a fingerprint.
 */
@Injectable()
export class CredentialVault {
  private readonly current: Key;
  private readonly keys: Map<string, Buffer>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(ID_SOURCE) private readonly ids: IdSource,
  ) {
    this.current = toKey(config.secrets.encryptionKey);
    this.keys = new Map([this.current, ...config.secrets.previousEncryptionKeys.map(toKey)].map((key) => [key.id, key.key]));
  }

  async put(credentials: WorkerCredentials): Promise<{ ref: string; fingerprint: string }> {
    const ref = this.ids.next();
    await this.dataSource.getRepository(CredentialEntity).save({ ref, ...this.seal(credentials) });
    registerSecrets(credentials);
    return { ref, fingerprint: fingerprint(credentials) };
  }

  async get(ref: string): Promise<WorkerCredentials> {
    const row = await this.dataSource.getRepository(CredentialEntity).findOneBy({ ref });
    if (!row) throw new DomainError('auth_unavailable', 'The credentials of this worker account are gone.', { userAction: 'Delete the account and add it again.' });
    const credentials = this.open(row);
    registerSecrets(credentials);
    return credentials;
  }

  /** Crypto-shredding: without the row the secret cannot be recovered, whatever the events say. */
  async destroy(ref: string): Promise<void> {
    await this.dataSource.getRepository(CredentialEntity).delete({ ref });
  }

  /** Re-encrypts every credential sealed with an older key; returns how many rows changed. */
  async rotate(): Promise<{ reencrypted: number; total: number }> {
    const repository = this.dataSource.getRepository(CredentialEntity);
    const rows = await repository.find();
    let reencrypted = 0;
    for (const row of rows) {
      if (row.keyId === this.current.id) continue;
      await repository.save({ ref: row.ref, ...this.seal(this.open(row)) });
      reencrypted += 1;
    }
    return { reencrypted, total: rows.length };
  }

  private seal(credentials: WorkerCredentials): Omit<CredentialEntity, 'ref'> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return { keyId: this.current.id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
  }

  private open(row: CredentialEntity): WorkerCredentials {
    const key = this.keys.get(row.keyId);
    if (!key) {
      throw new DomainError('auth_unavailable', 'A worker credential is sealed with a key this server does not have.', {
        userAction: 'Set ENCRYPTION_KEY_PREVIOUS to the former key, then run `npm run gg -- secrets rotate`.',
      });
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(row.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(row.tag, 'base64'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(row.ciphertext, 'base64')), decipher.final()]).toString('utf8')) as WorkerCredentials;
  }
}

/** A short, one-way summary that shows whether credentials changed without revealing them. */
export function fingerprint(credentials: WorkerCredentials): string {
  return createHash('sha256').update(JSON.stringify(credentials)).digest('hex').slice(0, 16);
}

function toKey(encoded: string): Key {
  const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
  if (key.length !== 32) throw new Error('An encryption key must decode to 32 bytes');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
}

function registerSecrets(credentials: WorkerCredentials): void {
  secretRedactor.register(credentials.token, credentials.modalTokenId, credentials.modalTokenSecret, credentials.proxyKey, credentials.proxySecret);
}
