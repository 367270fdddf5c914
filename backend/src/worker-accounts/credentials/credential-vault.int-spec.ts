import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../platform/config/app-config.js';
import { RandomIdSource } from '../../platform/ids/id-source.js';
import { createReadModelDataSource } from '../../platform/persistence/read-model-datasource.js';
import { CredentialEntity } from './credential.entity.js';
import { CredentialVault } from './credential-vault.js';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const vaultWith = (ds: DataSource, current: string, previous: string[] = []) =>
  new CredentialVault(ds, { secrets: { encryptionKey: current, previousEncryptionKeys: previous } } as unknown as AppConfig, new RandomIdSource());

describe('SEC-5, ADM-1: the credential vault', () => {
  let dir: string;
  let ds: DataSource;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gg-vault-'));
    ds = createReadModelDataSource({ kind: 'sqlite', path: join(dir, 'r.sqlite') }, [CredentialEntity]);
    await ds.initialize();
  });
  afterEach(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores credentials encrypted (AES-256-GCM): the database file never holds the plaintext', async () => {
    const vault = vaultWith(ds, keyA);
    const { ref, fingerprint } = await vault.put({ token: 'plain-token-should-not-appear', modalTokenSecret: 'as-secret-value' });
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(await vault.get(ref)).toEqual({ token: 'plain-token-should-not-appear', modalTokenSecret: 'as-secret-value' });
    const file = readFileSync(join(dir, 'r.sqlite'));
    expect(file.includes(Buffer.from('plain-token-should-not-appear'))).toBe(false);
    expect(file.includes(Buffer.from('as-secret-value'))).toBe(false);
  });

  it('detects a tampered ciphertext (GCM authentication)', async () => {
    const vault = vaultWith(ds, keyA);
    const { ref } = await vault.put({ token: 'tamper-me-please-123' });
    const row = await ds.getRepository(CredentialEntity).findOneByOrFail({ ref });
    const bytes = Buffer.from(row.ciphertext, 'base64');
    bytes[0] ^= 0xff;
    await ds.getRepository(CredentialEntity).update({ ref }, { ciphertext: bytes.toString('base64') });
    await expect(vault.get(ref)).rejects.toThrow();
  });

  it('rotates: the new key reads old rows while the old key is listed as previous, and rotate re-encrypts them all', async () => {
    const { ref } = await vaultWith(ds, keyA).put({ token: 'rotate-me-token-1234' });
    await expect(vaultWith(ds, keyB).get(ref)).rejects.toMatchObject({ code: 'auth_unavailable' });
    const transitional = vaultWith(ds, keyB, [keyA]);
    expect(await transitional.get(ref)).toEqual({ token: 'rotate-me-token-1234' });
    expect(await transitional.rotate()).toEqual({ reencrypted: 1, total: 1 });
    expect(await transitional.rotate()).toEqual({ reencrypted: 0, total: 1 });
    expect(await vaultWith(ds, keyB).get(ref)).toEqual({ token: 'rotate-me-token-1234' });
  });

  it('crypto-shredding: a destroyed credential cannot be read back', async () => {
    const vault = vaultWith(ds, keyA);
    const { ref } = await vault.put({ token: 'shred-me-token-1234' });
    await vault.destroy(ref);
    await expect(vault.get(ref)).rejects.toMatchObject({ code: 'auth_unavailable' });
  });
});
