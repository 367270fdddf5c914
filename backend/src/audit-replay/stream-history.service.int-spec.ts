import { SqliteEventStore } from '../platform/event-store/sqlite-event-store.js';
import { testEvent, testMetadata } from '../platform/testing/event-factory.js';
import { StreamHistory } from './stream-history.service.js';
import { foldFor } from './stream-folds.js';

const submitted = (taskId: string) => ({
  task_id: taskId, owner: { kind: 'anonymous', id: 'anonymous' }, model: 'flux', type: 'image', mode: 'txt2img', prompt: 'p',
  negative_prompt: '', width: 256, height: 256, seed: 1, requested_seed: 1, output_format: 'png', parameters: {}, adjustments: [],
  images: [], request_hash: 'h', retry_of: null, pending_timeout_ms: 1000, processing_timeout_ms: 1000,
});
const at = (iso: string) => ({ metadata: testMetadata({ timestamp: iso }) });

describe('StreamHistory (AUD-4: timelines and state as of, folded by the aggregate\'s own evolve)', () => {
  let store: SqliteEventStore;
  let history: StreamHistory;
  beforeEach(async () => {
    store = new SqliteEventStore({ filename: ':memory:' });
    history = new StreamHistory(store);
    await store.append('task-a', [testEvent('TaskSubmitted', submitted('a'), at('2026-01-01T10:00:00.000Z'))], { expectedRevision: 'no_stream' });
    await store.append('other', [testEvent('Something', { n: 1 }, at('2026-01-01T10:00:30.000Z'))], { expectedRevision: 'any' });
    await store.append('task-a', [
      testEvent('TaskStarted', { task_id: 'a' }, at('2026-01-01T10:01:00.000Z')),
      testEvent('TaskProgressed', { task_id: 'a', progress: 40, stage: 'inferring' }, at('2026-01-01T10:02:00.000Z')),
    ], { expectedRevision: 0 });
  });
  afterEach(() => store.close());

  it('knows the task fold only for task-<id> streams', () => {
    expect(foldFor('task-a')?.aggregate).toBe('task');
    expect(foldFor('task-')).toBeNull();
    expect(foldFor('$seals')).toBeNull();
    expect(foldFor('session-x')).toBeNull();
  });

  it('a timeline carries the state after every event', async () => {
    const timeline = await history.timeline('task-a');
    expect(timeline.events.map((event) => [event.position, event.type, (event.state as { status: string }).status])).toEqual([
      [1, 'TaskSubmitted', 'pending'],
      [3, 'TaskStarted', 'processing'],
      [4, 'TaskProgressed', 'processing'],
    ]);
    expect(timeline).toMatchObject({ stream: 'task-a', aggregate: 'task', through: 4, state: { status: 'processing', progress: 40 } });
    expect(timeline.events[0]).not.toHaveProperty('stream');
  });

  it('as of a position or a time: the prefix of the stream and its state then', async () => {
    expect(await history.asOf('task-a', { position: 3 })).toMatchObject({ through: 3, state: { status: 'processing', progress: 0 } });
    expect(await history.asOf('task-a', { position: 2 })).toMatchObject({ through: 1, state: { status: 'pending' } });
    expect(await history.asOf('task-a', { time: '2026-01-01T10:01:30.000Z' })).toMatchObject({ through: 3, state: { status: 'processing' } });
    expect(await history.asOf('task-a', { time: '2026-01-01T10:01:00.000Z' })).toMatchObject({ through: 3 });
    expect(await history.asOf('task-a', { time: '2025-12-31T00:00:00.000Z' })).toMatchObject({ events: [], through: 0, state: { status: 'none' } });
    expect(await history.asOf('task-a', { position: 0 })).toMatchObject({ events: [], through: 0 });
  });

  it('a stream without a fold answers with its events and a null state', async () => {
    expect(await history.asOf('other', null)).toMatchObject({ aggregate: null, state: null, events: [{ type: 'Something', data: { n: 1 } }] });
  });

  it('an event the fold does not know is reported, not a crash', async () => {
    await store.append('task-a', [testEvent('TaskTeleported', { task_id: 'a' })], { expectedRevision: 2 });
    const timeline = await history.timeline('task-a');
    expect(timeline.state).toBeNull();
    expect(timeline.foldError).toMatch(/position 5 \(TaskTeleported\)/);
    expect(timeline.events.at(-1)!.state).toBeNull();
  });

  it('an unknown stream is stream_not_found', async () => {
    await expect(history.timeline('task-nope')).rejects.toMatchObject({ code: 'stream_not_found' });
    await expect(history.asOf('nope', { position: 10 })).rejects.toMatchObject({ code: 'stream_not_found' });
  });
});
