import { classifyHttpFailure, classifyThrown, networkCodeOf } from './worker-error-classifier.js';

describe('worker failure classification (ADM-3)', () => {
  it.each([
    [401, undefined, 'unauthorized'],
    [403, 'forbidden', 'unauthorized'],
    [402, undefined, 'quota'],
    [403, 'spend_limit_reached', 'quota'],
    [429, 'monthly_quota_exceeded', 'quota'],
    [429, 'capacity_exhausted', 'capacity'],
    [404, 'job_not_found', 'not_found'],
    [409, 'job_conflict', 'conflict'],
    [409, 'job_not_finished', 'conflict'],
    [422, 'unsupported_model', 'invalid'],
    [400, undefined, 'invalid'],
    [413, 'payload_too_large', 'invalid'],
    [500, 'worker_error', 'server_error'],
    [502, undefined, 'server_error'],
    [503, 'worker_unavailable', 'server_error'],
  ] as const)('ADM-3: HTTP %i with code %s is %s', (status, code, kind) => {
    expect(classifyHttpFailure(status, code)).toBe(kind);
  });

  it('ADM-3: aborts and undici timeouts are timeouts; refused, reset and DNS failures are network', () => {
    expect(classifyThrown(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('timeout');
    expect(classifyThrown(new DOMException('aborted', 'AbortError'))).toBe('timeout');
    const wrapped = (cause: unknown): Error => Object.assign(new TypeError('fetch failed'), { cause });
    expect(classifyThrown(wrapped(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' })))).toBe('timeout');
    expect(classifyThrown(wrapped(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })))).toBe('network');
    expect(classifyThrown(wrapped(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })))).toBe('network');
    expect(classifyThrown(new Error('anything else'))).toBe('network');
  });

  it('finds the deepest low-level code, including inside AggregateError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1'), { code: 'ECONNREFUSED' });
    const aggregate = Object.assign(new AggregateError([refused], ''), { code: 'ECONNREFUSED' });
    expect(networkCodeOf(Object.assign(new TypeError('fetch failed'), { cause: aggregate }))).toBe('ECONNREFUSED');
    expect(networkCodeOf(new Error('plain'))).toBeUndefined();
  });
});
