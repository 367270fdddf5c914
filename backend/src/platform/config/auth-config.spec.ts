import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.loader.js';

const base = () => ({
  NODE_ENV: 'test',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'gg-cfg-')),
  ADMIN_KEY: 'a'.repeat(40),
  ENCRYPTION_KEY: 'b'.repeat(44),
});

describe('auth configuration (AUTH-2, SEC-1)', () => {
  it('AUTH-2: open access, no forced Secure, no trusted proxy by default', () => {
    const config = loadConfig(base());
    expect(config.auth).toEqual({ accessMode: 'open', cookieSecure: false });
    expect(config.trustProxy).toEqual([]);
  });

  it('AUTH-2: ACCESS_MODE=invite and COOKIE_SECURE=true are read', () => {
    expect(loadConfig({ ...base(), ACCESS_MODE: 'invite', COOKIE_SECURE: 'true' }).auth).toEqual({ accessMode: 'invite', cookieSecure: true });
    expect(() => loadConfig({ ...base(), ACCESS_MODE: 'closed' })).toThrow(/ACCESS_MODE/);
    expect(() => loadConfig({ ...base(), COOKIE_SECURE: 'maybe' })).toThrow(/COOKIE_SECURE/);
  });

  it('SEC-1: TRUST_PROXY takes addresses, CIDRs and named ranges only', () => {
    expect(loadConfig({ ...base(), TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
    for (const bad of ['true', '*', '1', '10.0.0.0/33', 'proxy.example.com', '10.0.0.1/8/1']) {
      expect(() => loadConfig({ ...base(), TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });

  it('AUTH-6: an admin key shorter than 32 characters stops the server', () => {
    expect(() => loadConfig({ ...base(), ADMIN_KEY: 'short' })).toThrow(/ADMIN_KEY/);
  });
});
