import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Subject } from 'rxjs';

import { CATALOG } from '../../testing/catalog.fixture';
import { doneDoc, statusDoc } from '../../testing/status.fixture';
import { ApiError } from '../core/api-error';
import { apiErrorInterceptor } from '../core/api-error.interceptor';
import type { StatusDocument } from '../core/api-types';
import { LastTaskStore } from '../core/last-task.store';
import { TaskPage } from './task-page';
import { TaskWatcher, type WatchEvent } from './task-watcher';

@Component({ template: '' })
class Blank {}

describe('TaskPage (GEN-2, GEN-3, GEN-5)', () => {
  let fixture: ComponentFixture<TaskPage>;
  let root: HTMLElement;
  let backend: HttpTestingController;
  let feeds: Map<string, Subject<WatchEvent>>;

  beforeEach(() => {
    localStorage.clear();
    feeds = new Map();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideRouter([{ path: '**', component: Blank }]),
        provideHttpClient(withInterceptors([apiErrorInterceptor])),
        provideHttpClientTesting(),
        {
          provide: TaskWatcher,
          useValue: {
            watch: (id: string) => {
              const feed = new Subject<WatchEvent>();
              feeds.set(id, feed);
              return feed.asObservable();
            },
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function open(id = 't1'): Promise<void> {
    fixture = TestBed.createComponent(TaskPage);
    fixture.componentRef.setInput('id', id);
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    backend.match('/models').forEach((req) => req.flush({ models: [], catalog: CATALOG }));
    await settle();
  }

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
  }

  async function push(status: StatusDocument, id = 't1'): Promise<void> {
    feeds.get(id)!.next({ kind: 'status', status, channel: 'stream' });
    await settle();
  }

  function text(): string {
    return root.textContent?.replace(/\s+/g, ' ') ?? '';
  }

  function button(label: string): HTMLButtonElement | undefined {
    return Array.from(root.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.includes(label));
  }

  it('shows a pending task with its queue position, a determinate bar at 0 and Cancel', async () => {
    await open();
    await push(statusDoc({ status: 'pending', queue_position: 2 }));

    expect(root.querySelector('gg-status-chip')?.textContent).toContain('Queued');
    expect(text()).toContain('Waiting in the queue');
    expect(text()).toContain('2 tasks ahead of yours');
    const bar = root.querySelector('mat-progress-bar');
    expect(bar?.getAttribute('mode')).toBe('determinate');
    expect(bar?.getAttribute('aria-valuenow')).toBe('0');
    expect(button('Cancel')).toBeDefined();
  });

  it('says when a pending task is next in line', async () => {
    await open();
    await push(statusDoc({ status: 'pending', queue_position: 0 }));
    expect(text()).toContain('Next in line');
  });

  it('shows the stage, progress and step of a processing task, and the elapsed time', async () => {
    await open();
    const createdAt = new Date(Date.now() - 65_000).toISOString();
    await push(statusDoc({ status: 'processing', stage: 'inferring', progress: 42, step: 12, total_steps: 30, queue_position: null, created_at: createdAt }));

    expect(root.querySelector('gg-status-chip')?.textContent).toContain('Generating');
    expect(text()).toContain('42 %');
    expect(text()).toContain('step 12 of 30');
    expect(root.querySelector('mat-progress-bar')?.getAttribute('aria-valuenow')).toBe('42');
    expect(root.querySelector('.elapsed')?.textContent).toMatch(/1:0[5-6]/);
    expect(text()).not.toContain('ahead of yours');
  });

  it('GEN-4: shows a finished image with Download and what made it', async () => {
    await open();
    await push(doneDoc());

    const img = root.querySelector<HTMLImageElement>('gg-media-view img');
    expect(img?.getAttribute('src')).toBe('/results/t1');
    expect(img?.alt).toBe('a red fox in the snow');
    const download = Array.from(root.querySelectorAll<HTMLAnchorElement>('a')).find((a) => a.textContent?.includes('Download'));
    expect(download?.getAttribute('href')).toBe('/results/t1?download=1');
    expect(download?.hasAttribute('download')).toBe(true);
    const details = root.querySelector('gg-generation-details')?.textContent ?? '';
    expect(details).toContain('Flux.1 [dev] nf4');
    expect(details).toContain('Seed42');
    expect(details).toContain('Steps25');
    expect(details).toContain('Guidance scale3.5');
    expect(details).toContain('11 s');
    expect(button('Cancel')).toBeUndefined();
    expect(root.querySelector('a[href="/generate?from=t1"]')?.textContent).toContain('Use these settings again');
  });

  it('GEN-4: shows a finished video as a seekable player', async () => {
    await open();
    await push(doneDoc({ type: 'video', model: 'anisora', mode: 't2v', result: { mime: 'video/mp4', bytes: 1e6, width: 720, height: 1280, sha256: 'x', frames: 81, fps: 16, duration_seconds: 5.06 } }));

    const video = root.querySelector<HTMLVideoElement>('gg-media-view video');
    expect(video?.getAttribute('src')).toBe('/results/t1');
    expect(video?.hasAttribute('controls')).toBe(true);
    expect(video?.getAttribute('poster')).toBe('/preview/t1');
    expect(root.querySelector('gg-generation-details')?.textContent).toContain('5.1 s');
  });

  it('shows a failure with its message and user action prominently, and retries into a new task', async () => {
    await open();
    await push(statusDoc({
      status: 'failed', stage: 'dispatched', queue_position: null,
      error_msg: 'No GPU worker is ready.',
      error: { code: 'no_ready_workers', message: 'No GPU worker is ready.', user_action: 'Ask an administrator to add or enable a worker account, then retry.' },
    }));

    const alert = root.querySelector('[role="alert"]');
    expect(alert?.querySelector('h2')?.textContent).toContain('No GPU worker is ready.');
    expect(alert?.textContent).toContain('Ask an administrator to add or enable a worker account, then retry.');
    expect(alert?.textContent).toContain('no_ready_workers');

    button('Retry')!.click();
    backend.expectOne({ method: 'POST', url: '/tasks/t1/retry' }).flush({ task_id: 't2', status: 'pending', retry_of: 't1' });
    await settle();
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/tasks/t2');
  });

  it('GEN-5: cancels a running task', async () => {
    await open();
    await push(statusDoc({ status: 'processing', progress: 10, queue_position: null }));

    button('Cancel')!.click();
    backend.expectOne({ method: 'POST', url: '/tasks/t1/cancel' }).flush(statusDoc({ status: 'canceled', queue_position: null }));
    await settle();

    expect(root.querySelector('gg-status-chip')?.textContent).toContain('Canceled');
    expect(button('Retry')).toBeDefined();
  });

  it('follows a new id when the route changes (retry)', async () => {
    await open();
    await push(statusDoc({ status: 'failed', queue_position: null }));
    fixture.componentRef.setInput('id', 't2');
    await settle();
    await push(statusDoc({ task_id: 't2', status: 'pending', queue_position: 1, retry_of: 't1' }), 't2');

    expect(text()).toContain('1 task ahead of yours');
    expect(root.querySelector('a[href="/tasks/t1"]')).not.toBeNull();
  });

  it('GAL-3: remembers the watched task and forgets one that does not exist', async () => {
    await open();
    await push(statusDoc());
    expect(TestBed.inject(LastTaskStore).task()).toEqual({ id: 't1', prompt: 'a red fox in the snow', model: 'flux' });

    feeds.get('t1')!.next({ kind: 'error', fatal: true, error: new ApiError('task_not_found', 'No task t1.', 'Check the id.', 404) });
    await settle();
    expect(text()).toContain('This task does not exist');
    expect(TestBed.inject(LastTaskStore).task()).toBeNull();
  });

  it('keeps the last status on screen while the connection recovers', async () => {
    await open();
    await push(statusDoc({ status: 'processing', progress: 30, queue_position: null }));
    feeds.get('t1')!.next({ kind: 'error', fatal: false, error: ApiError.fromResponse(0, null) });
    await settle();

    expect(text()).toContain('30 %');
    expect(text()).toContain('cannot be reached');
  });
});
