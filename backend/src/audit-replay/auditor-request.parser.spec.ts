import { EXPORT_DEFAULT_LIMIT, EXPORT_MAX_LIMIT, parseAsOf, parseExportQuery, parseRebuildRequest } from './auditor-request.parser.js';

const validationError = expect.objectContaining({ code: 'validation_error', metadata: { fields: [expect.objectContaining({ field: expect.any(String) })] } });

describe('Auditor request parsing (AUD-4)', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['0', { position: 0 }],
    ['1234', { position: 1234 }],
    ['2026-01-31', { time: '2026-01-31T00:00:00.000Z' }],
    ['2026-01-31T12:00Z', { time: '2026-01-31T12:00:00.000Z' }],
    ['2026-01-31T12:00:05.123Z', { time: '2026-01-31T12:00:05.123Z' }],
    ['2026-01-31T14:00:00+02:00', { time: '2026-01-31T12:00:00.000Z' }],
  ])('AUD-4: at=%p reads as %p', (raw, expected) => {
    expect(parseAsOf(raw)).toEqual(expected);
  });

  it.each(['-1', '1.5', 'yesterday', 'now', '2026-01-31T12:00:00', '2026-02-30T25:00:00Z', '12345678901234567', ['1', '2']])(
    'AUD-4: at=%p is a validation_error (a zoneless time would mean the server clock zone)',
    (raw) => {
      expect(() => parseAsOf(raw)).toThrow(validationError);
    },
  );

  it('AUD-4: export paging defaults to from 0 and 10,000 events, and allows up to 100,000', () => {
    expect(parseExportQuery({})).toEqual({ from: 0, limit: EXPORT_DEFAULT_LIMIT });
    expect(parseExportQuery({ from: '42', limit: String(EXPORT_MAX_LIMIT) })).toEqual({ from: 42, limit: 100_000 });
    for (const query of [{ limit: '0' }, { limit: '100001' }, { limit: '1e3' }, { from: '-5' }, { from: 'x' }, { from: ['1', '2'] }]) {
      expect(() => parseExportQuery(query)).toThrow(validationError);
    }
  });

  it('AUD-4: a rebuild body is {verify?, name?}; an empty body means an in-place rebuild of every projection', () => {
    expect(parseRebuildRequest(undefined)).toEqual({ verify: false });
    expect(parseRebuildRequest({})).toEqual({ verify: false });
    expect(parseRebuildRequest({ verify: true, name: 'task-status' })).toEqual({ verify: true, name: 'task-status' });
    for (const body of [[], 'verify', { verify: 'true' }, { name: 3 }, { name: '' }, { verify: true, force: true }]) {
      expect(() => parseRebuildRequest(body)).toThrow(validationError);
    }
  });

  it('AUD-5: a rejected value is never echoed in the error', () => {
    const secretLooking = 'gg_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    try {
      parseAsOf(secretLooking);
      throw new Error('expected a validation error');
    } catch (error) {
      expect(JSON.stringify({ message: (error as Error).message, metadata: (error as { metadata?: unknown }).metadata })).not.toContain(secretLooking);
    }
  });
});
