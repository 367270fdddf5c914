import { canonicalJson, fingerprintRequest, seedTextOf } from './job-record.js';
import { jobRequest } from './testing/job-request.fixture.js';

describe('job identity', () => {
  it('GEN-1: the fingerprint ignores key order and callback_url but not content', () => {
    const request = jobRequest();
    const reordered = Object.fromEntries(Object.entries(request).reverse()) as typeof request;
    expect(fingerprintRequest(reordered)).toBe(fingerprintRequest(request));
    expect(fingerprintRequest({ ...request, callback_url: 'http://127.0.0.1:1/cb' })).toBe(fingerprintRequest(request));
    expect(fingerprintRequest({ ...request, seed: request.seed + 1 })).not.toBe(fingerprintRequest(request));
    expect(fingerprintRequest({ ...request, parameters: { steps: 5 } })).not.toBe(fingerprintRequest(request));
  });

  it('GEN-7: the picture seed ignores the job id and the container format', () => {
    const request = jobRequest();
    expect(seedTextOf({ ...request, job_id: jobRequest().job_id, output_format: 'jpeg' })).toBe(seedTextOf(request));
    expect(seedTextOf({ ...request, prompt: 'other' })).not.toBe(seedTextOf(request));
  });

  it('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"x":0,"y":1}]},"b":1}');
  });
});
