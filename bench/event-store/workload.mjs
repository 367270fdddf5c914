/**
 * The workload, identical for every store: task-like streams ("task-N") whose events move a generation
 * task from submitted through progress to completed, with the metadata our events carry. Everything is
 * generated before the clock starts.
 */
import { randomUUID } from 'node:crypto';

export const EVENT_TYPES = ['TaskSubmitted', 'TaskProgressed', 'TaskCompleted'];
export const STEPS_PER_TASK = 10;
const MODELS = ['flux-schnell', 'sdxl-turbo', 'wan-2.1-t2v', 'ltx-video'];
const BASE_TIME = Date.UTC(2026, 0, 1);

/** Event `step` (0-based) of task `task`, as a store-neutral {id, type, data, metadata}. */
export function taskEvent(task, step, stream = `task-${task}`) {
  const metadata = {
    correlationId: `corr-${task}`,
    causationId: step === 0 ? null : `cause-${task}-${step - 1}`,
    actor: `user:${task % 97}`,
    source: '10.0.0.7',
    timestamp: new Date(BASE_TIME + task * 1000 + step).toISOString(),
  };
  let type;
  let data;
  if (step === 0) {
    type = 'TaskSubmitted';
    data = {
      taskId: stream,
      model: MODELS[task % MODELS.length],
      prompt: `a lighthouse on a cliff at dusk, volumetric light, task ${task}`,
      params: { width: 1024, height: 1024, steps: 28, guidance: 3.5, seed: task * 7919 },
    };
  } else if (step < STEPS_PER_TASK - 1) {
    type = 'TaskProgressed';
    data = { taskId: stream, progress: Math.round((100 * step) / (STEPS_PER_TASK - 1)), stage: step < 3 ? 'loading' : 'sampling', etaMs: (STEPS_PER_TASK - step) * 850 };
  } else {
    type = 'TaskCompleted';
    data = { taskId: stream, resultId: `res-${task}`, mime: 'image/webp', bytes: 182_304 + task, durationMs: 8_500 + (task % 1000) };
  }
  return { id: randomUUID(), type, data, metadata };
}

/** (a) `count` single-event appends over `streams` streams, round-robin, so each stream grows step by step. */
export function singleAppendWorkload(count, streams, prefix = 'single') {
  const out = [];
  for (let i = 0; i < count; i += 1) {
    const task = i % streams;
    const step = Math.floor(i / streams) % STEPS_PER_TASK;
    out.push({ stream: `${prefix}-task-${task}`, event: taskEvent(task, step, `${prefix}-task-${task}`) });
  }
  return out;
}

/** (b) `appends` appends of `perAppend` events each, over `streams` streams round-robin. */
export function batchedAppendWorkload(appends, perAppend, streams, prefix = 'batched') {
  const out = [];
  for (let i = 0; i < appends; i += 1) {
    const task = i % streams;
    const round = Math.floor(i / streams);
    const stream = `${prefix}-task-${task}`;
    const events = [];
    for (let j = 0; j < perAppend; j += 1) events.push(taskEvent(task, (round * perAppend + j) % STEPS_PER_TASK, stream));
    out.push({ stream, events });
  }
  return out;
}

/**
 * (c, d) The log to read and rebuild from: `tasks` tasks of STEPS_PER_TASK events, `inFlight` tasks at a
 * time with their events interleaved (as concurrent generations would be), so a 1,000-event batch touches
 * ~1,000 different rows rather than folding one task's whole life into one write.
 */
export function* rebuildLog(tasks, inFlight = 1000) {
  for (let wave = 0; wave < tasks; wave += inFlight) {
    const end = Math.min(tasks, wave + inFlight);
    for (let step = 0; step < STEPS_PER_TASK; step += 1) {
      for (let task = wave; task < end; task += 1) yield { stream: `task-${task}`, event: taskEvent(task, step) };
    }
  }
}

/** The read-model row change an event causes (the same fold for every store's projection). */
export function rowChange(stream, revision, event) {
  const status = event.type === 'TaskSubmitted' ? 'queued' : event.type === 'TaskCompleted' ? 'completed' : 'running';
  const progress = event.type === 'TaskCompleted' ? 100 : event.type === 'TaskSubmitted' ? 0 : event.data.progress;
  return { taskId: stream, status, model: event.data.model ?? null, progress, revision, updatedAt: event.metadata.timestamp };
}

/** Plain upsert used by the raw and Emmett projections (ours goes through applyKeyed). */
export const TASK_STATUS_DDL = `CREATE TABLE IF NOT EXISTS bench_task_status (
  task_id    TEXT PRIMARY KEY,
  status     TEXT NOT NULL,
  model      TEXT,
  progress   INTEGER NOT NULL,
  revision   INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  events     INTEGER NOT NULL
)`;
export const TASK_STATUS_UPSERT = `INSERT INTO bench_task_status (task_id, status, model, progress, revision, updated_at, events)
VALUES (?, ?, ?, ?, ?, ?, 1)
ON CONFLICT(task_id) DO UPDATE SET
  status = excluded.status,
  model = COALESCE(excluded.model, bench_task_status.model),
  progress = excluded.progress,
  revision = excluded.revision,
  updated_at = excluded.updated_at,
  events = bench_task_status.events + 1
WHERE excluded.revision > bench_task_status.revision`;

export function upsertParams(change) {
  return [change.taskId, change.status, change.model, change.progress, change.revision, change.updatedAt];
}
