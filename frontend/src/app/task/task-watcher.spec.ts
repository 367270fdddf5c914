import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { doneDoc, statusDoc } from '../../testing/status.fixture';
import { apiErrorInterceptor } from '../core/api-error.interceptor';
import { EVENT_SOURCE_FACTORY, STATUS_POLL_INTERVAL_MS, TaskWatcher, type WatchEvent } from './task-watcher';

/** Stands in for the browser's EventSource: the test pushes events and errors. */
class FakeEventSource {
  readonly listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  onerror: (() => void) | null = null;
  closed = false;

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
  }

  emit(type: string, data: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
}

describe('TaskWatcher (GEN-3)', () => {
  let sources: FakeEventSource[];
  let backend: HttpTestingController;
  let events: WatchEvent[];
  let completed: boolean;

  function setUp(withEventSource = true): TaskWatcher {
    sources = [];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiErrorInterceptor])),
        provideHttpClientTesting(),
        { provide: STATUS_POLL_INTERVAL_MS, useValue: 1000 },
        {
          provide: EVENT_SOURCE_FACTORY,
          useValue: withEventSource
            ? (url: string) => {
                const source = new FakeEventSource(url);
                sources.push(source);
                return source as unknown as EventSource;
              }
            : null,
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    return TestBed.inject(TaskWatcher);
  }

  function watch(watcher: TaskWatcher, id = 't1') {
    events = [];
    completed = false;
    return watcher.watch(id).subscribe({ next: (e) => events.push(e), complete: () => (completed = true) });
  }

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    backend.verify();
  });

  it('listens to the named `status` events of /status/{id}/stream and stops after a terminal one', () => {
    const watcher = setUp();
    watch(watcher);
    const source = sources[0]!;
    expect(source.url).toBe('/status/t1/stream');

    source.emit('status', statusDoc({ status: 'processing', progress: 40 }));
    source.emit('status', doneDoc());

    expect(events.map((e) => e.kind === 'status' && [e.status.status, e.channel])).toEqual([
      ['processing', 'stream'],
      ['done', 'stream'],
    ]);
    expect(completed).toBe(true);
    expect(source.closed).toBe(true);
  });

  it('falls back to polling GET /status/{id} when the stream errors', () => {
    const watcher = setUp();
    watch(watcher);
    sources[0]!.onerror?.();
    expect(sources[0]!.closed).toBe(true);

    vi.advanceTimersByTime(0);
    backend.expectOne('/status/t1').flush(statusDoc({ status: 'processing', progress: 10 }));
    vi.advanceTimersByTime(1000);
    backend.expectOne('/status/t1').flush(doneDoc());
    vi.advanceTimersByTime(5000);
    backend.expectNone('/status/t1');

    expect(events.map((e) => e.kind === 'status' && [e.status.status, e.channel])).toEqual([
      ['processing', 'poll'],
      ['done', 'poll'],
    ]);
    expect(completed).toBe(true);
  });

  it('keeps polling through a transient failure and reports it', () => {
    const watcher = setUp(false);
    watch(watcher);

    vi.advanceTimersByTime(0);
    backend.expectOne('/status/t1').error(new ProgressEvent('error'));
    vi.advanceTimersByTime(1000);
    backend.expectOne('/status/t1').flush(statusDoc());

    expect(events[0]).toMatchObject({ kind: 'error', fatal: false });
    expect(events[0]?.kind === 'error' && events[0].error.code).toBe('network_error');
    expect(events[1]).toMatchObject({ kind: 'status' });
    expect(completed).toBe(false);
  });

  it('gives up on an unknown or deleted task (404)', () => {
    const watcher = setUp();
    watch(watcher, 'gone');
    sources[0]!.onerror?.();
    vi.advanceTimersByTime(0);
    backend.expectOne('/status/gone').flush(
      { code: 'task_not_found', detail: 'No task gone.', user_action: 'Check the id.' },
      { status: 404, statusText: 'Not Found' },
    );
    vi.advanceTimersByTime(5000);

    expect(events).toEqual([expect.objectContaining({ kind: 'error', fatal: true })]);
    expect(completed).toBe(true);
  });

  it('closes the stream when the page stops watching', () => {
    const watcher = setUp();
    watch(watcher).unsubscribe();
    expect(sources[0]!.closed).toBe(true);
  });
});
