import fc from 'fast-check';
import { canonicalJson, eventHash, eventHashOfCanonical } from './hash-chain.js';

describe('AUD-3: event hashing', () => {
  it('canonical JSON sorts keys and drops undefined, so equal values always hash alike', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 2, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"z":2}]},"b":1}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });

  it('the append path (pre-canonicalised strings) gives exactly the hash the verifier recomputes', () =>
    fc.assert(fc.property(fc.string(), fc.string(), fc.nat(), fc.string(), fc.jsonValue(), fc.jsonValue(), (id, stream, revision, type, data, metadata) => {
      const content = { id, stream, revision, type, schemaVersion: 1, data, metadata };
      expect(eventHashOfCanonical('prev', content, canonicalJson(data), canonicalJson(metadata))).toBe(eventHash('prev', content));
    })));
});
