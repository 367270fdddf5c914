import fc from 'fast-check';
import { SecretRedactor } from '../logging/secret-redactor.js';
import { hashSecret, parseIdSecret, randomKeyId, randomSecret, sameSecret, SECRET_SHAPES } from './secret-token.js';

describe('secret tokens (AUTH-2, AUTH-3, AUD-5)', () => {
  it('AUTH-3: issued shapes parse back and match their redaction shape', () => {
    const id = randomKeyId();
    const secret = randomSecret();
    expect(secret).toHaveLength(43);
    expect(parseIdSecret(`gg_${id}_${secret}`, 'gg')).toEqual({ id, secret });
    expect(parseIdSecret(`ggc_${id}_${secret}`, 'ggc')).toEqual({ id, secret });
    expect(parseIdSecret(`gg_${id}_${secret}x`, 'gg')).toBeNull();
    expect(SECRET_SHAPES.apiKey.test(`gg_${id}_${secret}`)).toBe(true);
    expect(SECRET_SHAPES.session.test(`ggs_${secret}`)).toBe(true);
  });

  it('AUTH-3: compares in constant time by digest, for any inputs', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => expect(sameSecret(a, b)).toBe(a === b)));
    expect(hashSecret('x')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('AUD-5: the redactor hides every token of a registered shape, even ones it never saw', () => {
    const redactor = new SecretRedactor();
    for (const shape of Object.values(SECRET_SHAPES)) redactor.registerShape(shape);
    const line = `cookie=ggs_${randomSecret()} key=gg_${randomKeyId()}_${randomSecret()} admin=gga_${randomSecret()} code=ggc_${randomKeyId()}_${randomSecret()}`;
    expect(redactor.redact(line)).toBe('cookie=[REDACTED] key=[REDACTED] admin=[REDACTED] code=[REDACTED]');
  });
});
