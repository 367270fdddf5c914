import { EnvironmentInjector, createEnvironmentInjector, provideZonelessChangeDetection, runInInjectionContext } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, of, throwError } from 'rxjs';

import { ApiError } from '../../core/api-error';
import { liveQuery } from './live-query';

describe('liveQuery', () => {
  let visibility: DocumentVisibilityState;
  let injectors: EnvironmentInjector[];

  beforeEach(() => {
    vi.useFakeTimers();
    visibility = 'visible';
    injectors = [];
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
  });

  afterEach(() => {
    injectors.forEach((injector) => injector.destroy());
    vi.useRealTimers();
    delete (document as unknown as Record<string, unknown>)['visibilityState'];
  });

  function create<T>(options: Parameters<typeof liveQuery<T>>[0]) {
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    injectors.push(injector);
    return runInInjectionContext(injector, () => liveQuery(options));
  }

  it('loads at once and again after the delay the latest value asks for', async () => {
    const load = vi.fn(() => of(load.mock.calls.length));
    const query = create({ load, every: (value) => (value !== undefined && value >= 2 ? 10_000 : 2_000) });
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(2);
    expect(query.value()).toBe(2);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(load).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('does not poll while the page is hidden and refreshes when it is shown again', async () => {
    const load = vi.fn(() => of('x'));
    create({ load, every: () => 1_000 });
    visibility = 'hidden';
    await vi.advanceTimersByTimeAsync(5_000);
    expect(load).toHaveBeenCalledTimes(1);
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps the last value through a failure and reports the error', async () => {
    let fail = false;
    const query = create({ load: () => (fail ? throwError(() => new ApiError('internal_error', 'Down.', '', 503)) : of(1)) });
    expect(query.value()).toBe(1);
    fail = true;
    await query.refresh();
    expect(query.value()).toBe(1);
    expect(query.error()?.code).toBe('internal_error');
  });

  it('runs one request at a time and stops when its owner is destroyed', async () => {
    const answers = [new Subject<number>(), new Subject<number>()];
    let calls = 0;
    const query = create({ load: () => answers[calls++]!, every: () => 1_000 });
    void query.refresh();
    expect(answers[0]!.observed).toBe(false);
    answers[1]!.next(5);
    answers[1]!.complete();
    expect(query.value()).toBe(5);
    injectors.forEach((injector) => injector.destroy());
    injectors = [];
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(2);
  });
});
