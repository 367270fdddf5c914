import fc from 'fast-check';
import { corsVerdict } from './cors.hook.js';

const allowed = new Set(['https://app.example.com', 'http://localhost:4200']);

describe('CORS verdict (SEC-2)', () => {
  it.each([
    [undefined, 'api.example.com', 'no-origin'],
    ['https://app.example.com', 'api.example.com', 'allowed'],
    ['http://localhost:4200', 'localhost:8080', 'allowed'],
    ['https://api.example.com', 'api.example.com', 'same-origin'],
    ['http://api.example.com', 'API.example.com', 'same-origin'],
    ['https://evil.example', 'api.example.com', 'blocked'],
    ['https://app.example.com.evil.example', 'api.example.com', 'blocked'],
    ['https://app.example.com:444', 'api.example.com', 'blocked'],
    ['null', 'api.example.com', 'blocked'],
    ['', 'api.example.com', 'blocked'],
    ['https://api.example.com/path', 'api.example.com', 'blocked'],
    ['https://api.example.com', undefined, 'blocked'],
  ])('SEC-2: Origin %j on host %j is %s', (origin, host, verdict) => expect(corsVerdict(origin, host, allowed)).toBe(verdict));

  it('SEC-2: any origin that is neither listed nor this host is blocked (property)', () => {
    fc.assert(fc.property(fc.string(), fc.domain(), (origin, host) => {
      const verdict = corsVerdict(origin, host, allowed);
      if (allowed.has(origin)) expect(verdict).toBe('allowed');
      else if (verdict !== 'blocked') expect(new URL(origin).host).toBe(host.toLowerCase());
    }));
  });
});
