import { NO_FILTERS, filterParams, filtersFrom, galleryQuery, hasFilters } from './gallery-filters';

describe('gallery filters (GAL-1, GAL-3)', () => {
  it('builds the GET /gallery query: page and size always, filters only when set', () => {
    expect(galleryQuery(NO_FILTERS)).toEqual({ page: 1, per_page: 24 });
    expect(galleryQuery({ page: 3, model: 'pony', type: 'image', mine: true }, 12)).toEqual({
      page: 3, per_page: 12, model: 'pony', type: 'image', owner: 'me',
    });
  });

  it('reads the URL defensively', () => {
    expect(filtersFrom({})).toEqual(NO_FILTERS);
    expect(filtersFrom({ page: '2', model: 'flux', type: 'video', mine: '1' })).toEqual({ page: 2, model: 'flux', type: 'video', mine: true });
    expect(filtersFrom({ page: '-4', type: 'audio', mine: 'no' })).toEqual(NO_FILTERS);
    expect(filtersFrom({ page: '1.5' }).page).toBe(1);
  });

  it('writes only what differs from the defaults into the URL', () => {
    expect(filterParams(NO_FILTERS)).toEqual({ page: null, model: null, type: null, mine: null });
    expect(filterParams({ page: 2, model: 'flux', type: '', mine: true })).toEqual({ page: 2, model: 'flux', type: null, mine: '1' });
  });

  it('knows when a filter is active', () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, page: 4 })).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, mine: true })).toBe(true);
  });
});
