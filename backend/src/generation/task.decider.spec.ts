import fc from 'fast-check';
import type { TaskEvent, TaskStage, TaskSubmittedData } from '../../../contracts/events/task-events.js';
import { deciderSpec } from '../platform/testing/decider-spec.js';
import type { TaskCommand } from './task.commands.js';
import { isTerminal, taskDecider } from './task.decider.js';

const submitted: TaskSubmittedData = {
  task_id: 't-1',
  owner: { kind: 'session', id: 's-1' },
  model: 'flux',
  type: 'image',
  mode: 'txt2img',
  prompt: 'a lighthouse',
  negative_prompt: '',
  width: 512,
  height: 512,
  seed: 42,
  requested_seed: -1,
  output_format: 'png',
  parameters: { steps: 25 },
  adjustments: [],
  images: [],
  request_hash: 'h1',
  retry_of: null,
  pending_timeout_ms: 600_000,
  processing_timeout_ms: 600_000,
};
const media = { sha256: 'abc', mime: 'image/png', bytes: 10, width: 512, height: 512 };
const given = deciderSpec(taskDecider);
const Submitted: TaskEvent = { type: 'TaskSubmitted', data: submitted };
const Dispatched: TaskEvent = { type: 'TaskDispatched', data: { task_id: 't-1', account_id: 'a-1', job_id: 'j-1', attempt: 1, estimated_cost_usd: 0.015 } };
const Started: TaskEvent = { type: 'TaskStarted', data: { task_id: 't-1' } };
const progressed = (progress: number, stage: TaskStage = 'inferring'): TaskEvent => ({ type: 'TaskProgressed', data: { task_id: 't-1', progress, stage } });
const Completed: TaskEvent = { type: 'TaskCompleted', data: { task_id: 't-1', result: media, preview: { ...media, mime: 'image/jpeg' }, used: { width: 512 } } };
const Failed: TaskEvent = { type: 'TaskFailed', data: { task_id: 't-1', code: 'worker_error', message: 'x', user_action: 'y' } };
const Canceled: TaskEvent = { type: 'TaskCanceled', data: { task_id: 't-1', reason: 'user' } };

describe('task decider', () => {
  describe('GEN-1: submission', () => {
    it('submits a new task', () => given([]).when({ type: 'SubmitTask', data: submitted }).then([Submitted]));
    it('treats the same submission again as a no-op (idempotent retry)', () => given([Submitted]).when({ type: 'SubmitTask', data: submitted }).then([]));
    it('refuses another request under an existing task id', () =>
      given([Submitted]).when({ type: 'SubmitTask', data: { ...submitted, request_hash: 'other' } }).thenThrows('concurrency_conflict'));
    it('answers task_not_found for any other command on a missing task', () => given([]).when({ type: 'CancelTask', data: { reason: 'x' } }).thenThrows('task_not_found'));
  });

  describe('GEN-2: lifecycle', () => {
    it('dispatch keeps the task pending, at stage dispatched', () => {
      given([Submitted]).when({ type: 'DispatchTask', data: { account_id: 'a-1', job_id: 'j-1', attempt: 1, estimated_cost_usd: 0.015 } }).then([Dispatched]);
      given([Submitted, Dispatched]).when({ type: 'DispatchTask', data: { account_id: 'a-1', job_id: 'j-1', attempt: 1, estimated_cost_usd: 0.015 } }).then([]);
    });
    it('ADM-3: records a refused dispatch attempt while no account has the job, and ignores one after', () => {
      const failure = { account_id: 'a-0', attempt: 1, kind: 'server_error', code: 'http_502', message: 'bad gateway' };
      given([Submitted]).when({ type: 'RecordDispatchFailure', data: failure }).then([{ type: 'TaskDispatchFailed', data: { task_id: 't-1', ...failure } }]);
      given([Submitted, Dispatched]).when({ type: 'RecordDispatchFailure', data: failure }).then([]);
    });
    it('a worker-side queue report does not start the task', () =>
      given([Submitted, Dispatched]).when({ type: 'RecordProgress', data: { progress: 0, stage: 'queued' } }).then([]));
    it('the first working stage starts the task (pending → processing)', () =>
      given([Submitted, Dispatched]).when({ type: 'RecordProgress', data: { progress: 5, stage: 'loading_model' } }).then([Started, progressed(5, 'loading_model')]));
    it('records progress only when it moves', () => {
      given([Submitted, Dispatched, Started, progressed(40)]).when({ type: 'RecordProgress', data: { progress: 40, stage: 'inferring' } }).then([]);
      given([Submitted, Dispatched, Started, progressed(40)]).when({ type: 'RecordProgress', data: { progress: 41, stage: 'inferring' } }).then([progressed(41)]);
    });
    it('never lowers progress: a late lower report with a later stage keeps the higher number', () =>
      given([Submitted, Started, progressed(60)]).when({ type: 'RecordProgress', data: { progress: 30, stage: 'encoding' } }).then([progressed(60, 'encoding')]));
    it('completes from processing, and from pending with an implied start', () => {
      given([Submitted, Started, progressed(90)]).when({ type: 'CompleteTask', data: Completed.data as never }).then([Completed]);
      given([Submitted, Dispatched]).when({ type: 'CompleteTask', data: Completed.data as never }).then([Started, Completed]);
    });
  });

  describe('GEN-5: cancel and retry', () => {
    it('cancels a pending or processing task', () => {
      given([Submitted]).when({ type: 'CancelTask', data: { reason: 'user' } }).then([Canceled]);
      given([Submitted, Started]).when({ type: 'CancelTask', data: { reason: 'user' } }).then([Canceled]);
    });
    it('cancel twice is harmless; cancel of a finished task is refused', () => {
      given([Submitted, Canceled]).when({ type: 'CancelTask', data: { reason: 'user' } }).then([]);
      given([Submitted, Started, Completed]).when({ type: 'CancelTask', data: { reason: 'user' } }).thenThrows('task_not_cancelable');
    });
    it('retries only an ended task', () => {
      given([Submitted, Failed]).when({ type: 'RetryTask', data: { new_task_id: 't-2' } }).then([{ type: 'TaskRetried', data: { task_id: 't-1', new_task_id: 't-2' } }]);
      given([Submitted, Started]).when({ type: 'RetryTask', data: { new_task_id: 't-2' } }).thenThrows('task_not_retryable');
    });
  });

  describe('GEN-6: stale deadlines', () => {
    it('a pending deadline fails a task nobody started with worker_start_timeout', () => {
      const [event] = given([Submitted, Dispatched]).when({ type: 'ExpireTask', data: { phase: 'pending' } }).events();
      expect(event).toMatchObject({ type: 'TaskExpired', data: { code: 'worker_start_timeout', phase: 'pending' } });
    });
    it('a processing deadline fails a stuck task with stale_timeout', () => {
      const [event] = given([Submitted, Started]).when({ type: 'ExpireTask', data: { phase: 'processing' } }).events();
      expect(event).toMatchObject({ type: 'TaskExpired', data: { code: 'stale_timeout', phase: 'processing' } });
    });
    it('ignores a deadline that arrives after the task moved on', () => {
      given([Submitted, Started]).when({ type: 'ExpireTask', data: { phase: 'pending' } }).then([]);
      given([Submitted, Started, Completed]).when({ type: 'ExpireTask', data: { phase: 'processing' } }).then([]);
    });
  });

  describe('GAL-2: deleting the output', () => {
    it('deletes an ended task’s output, naming the blobs, and then the task is gone', () => {
      given([Submitted, Started, Completed]).when({ type: 'DeleteOutput', data: {} }).then([
        { type: 'TaskOutputDeleted', data: { task_id: 't-1', result_sha256: 'abc', preview_sha256: 'abc' } },
      ]);
      const deleted: TaskEvent = { type: 'TaskOutputDeleted', data: { task_id: 't-1', result_sha256: 'abc', preview_sha256: 'abc' } };
      given([Submitted, Started, Completed, deleted]).when({ type: 'DeleteOutput', data: {} }).thenThrows('task_not_found');
    });
    it('refuses to delete a task that is still running', () => given([Submitted, Started]).when({ type: 'DeleteOutput', data: {} }).thenThrows('task_active'));
  });

  describe('properties over every command sequence', () => {
    const stage = fc.constantFrom<TaskStage>('queued', 'dispatched', 'loading_model', 'inferring', 'encoding', 'storing');
    const command: fc.Arbitrary<TaskCommand> = fc.oneof(
      fc.record({ type: fc.constant('DispatchTask' as const), data: fc.record({ account_id: fc.constant('a'), job_id: fc.constantFrom('j1', 'j2'), attempt: fc.nat(3), estimated_cost_usd: fc.constant(0.01) }) }),
      fc.record({ type: fc.constant('RecordProgress' as const), data: fc.record({ progress: fc.integer({ min: -10, max: 120 }), stage }) }),
      fc.record({ type: fc.constant('CompleteTask' as const), data: fc.constant(Completed.data as never) }),
      fc.record({ type: fc.constant('FailTask' as const), data: fc.constant({ code: 'worker_error', message: 'm', user_action: 'u' }) }),
      fc.record({ type: fc.constant('CancelTask' as const), data: fc.constant({ reason: 'r' }) }),
      fc.record({ type: fc.constant('ExpireTask' as const), data: fc.record({ phase: fc.constantFrom('pending' as const, 'processing' as const) }) }),
    );

    function run(commands: TaskCommand[]) {
      let state = taskDecider.evolve(taskDecider.initialState(), Submitted);
      const trace: (typeof state)[] = [state];
      for (const next of commands) {
        let events: TaskEvent[] = [];
        try {
          events = taskDecider.decide(next, state);
        } catch {
          events = [];
        }
        for (const event of events) state = taskDecider.evolve(state, event);
        trace.push(state);
      }
      return trace;
    }

    it('GEN-2: progress never decreases and stays within 0–100', () =>
      fc.assert(fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const trace = run(commands).map((s) => (s.status === 'none' ? 0 : s.progress));
        trace.forEach((p, i) => {
          expect(p).toBeGreaterThanOrEqual(i === 0 ? 0 : trace[i - 1]);
          expect(p).toBeLessThanOrEqual(100);
        });
      })));

    it('GEN-2: a terminal task never changes again', () =>
      fc.assert(fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const trace = run(commands);
        const firstTerminal = trace.findIndex((s) => s.status !== 'none' && isTerminal(s.status));
        if (firstTerminal >= 0) for (const later of trace.slice(firstTerminal)) expect(later).toEqual(trace[firstTerminal]);
      })));
  });
});
