import type { CliCommand } from '../platform/cli/cli-command.js';
import { CredentialVault } from './credentials/credential-vault.js';

/**
 * `npm run gg -- secrets rotate` (SEC-5): with the new key in ENCRYPTION_KEY and the old one(s) in
 * ENCRYPTION_KEY_PREVIOUS, re-encrypts every worker credential with the new key. Safe to run while the
 * server runs (it reads either key) and to run twice.
 */
export const secretsRotate: CliCommand = {
  name: 'secrets rotate',
  summary: 'Re-encrypt worker credentials with ENCRYPTION_KEY (old keys in ENCRYPTION_KEY_PREVIOUS) (SEC-5).',
  async run(app, _args, io) {
    const result = await app.get(CredentialVault).rotate();
    io.out(JSON.stringify(result));
    io.err(`re-encrypted ${result.reencrypted} of ${result.total} credentials with the current key; ENCRYPTION_KEY_PREVIOUS can now be removed`);
    return 0;
  },
};
