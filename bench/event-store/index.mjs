/**
 * `npm run bench -- event-store [options]`: our SQLite event store and projection runner, a raw
 * better-sqlite3 floor and Emmett's SQLite store, on the same workload, side by side.
 *
 *   --quick               small sizes, one round (a smoke run; numbers are not comparable)
 *   --rounds=N            measured rounds per line (default 5, Emmett's slow lines 3; the median is reported)
 *   --subjects=a,b        any of ours,raw,emmett (default all three)
 *   --profile[=a,b]       after measuring, one extra CPU-profiled run per line for these subjects
 *                         (default ours); prints the top frames, keeps the .cpuprofile files
 *   --no-write            do not update bench/RESULTS.md
 *   --keep                keep the temp dir with the databases
 *   --no-rerun            keep every run even when other processes loaded the machine during it
 *
 * Subjects run in the same process, one line at a time, in a rotating order each round, so drift in the
 * machine's load (it is shared) spreads over all of them instead of landing on one.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectGarbage, formatNumber, nowMs } from '../lib/stats.mjs';
import { cpuSnapshot, describeMachine, loadAverage, otherCpu } from '../lib/machine.mjs';
import { formatSummary, profile } from '../lib/cpuprofile.mjs';
import { batchedAppendWorkload, rebuildLog, singleAppendWorkload, STEPS_PER_TASK } from './workload.mjs';
import { buildReport, updateResultsFile } from './report.mjs';
import { benchDir, buildDir, buildOurs } from './build.mjs';

/** Other processes using more than this many cores during a run make it a candidate for a rerun. */
const BUSY_CORES = 0.75;

const FULL = {
  single: { count: 5000, streams: 1000 },
  batched: { appends: 300, perAppend: 100, streams: 100 },
  logTasks: 10_000, // × 10 events = 100,000 events for ours and raw
  emmettLogTasks: 2_000, // 20,000 events: Emmett appends ~4,000 events/s even when seeding in transactions
  emmettDefaultsLimit: 10_000, // its default consumer sleeps 50 ms per 100 events, so ~5 s per 10,000
  rounds: 5,
  slowRounds: 3, // Emmett's single appends and rebuilds take 5-20 s a run
};
const QUICK = {
  single: { count: 500, streams: 100 },
  batched: { appends: 20, perAppend: 100, streams: 10 },
  logTasks: 500,
  emmettLogTasks: 200,
  emmettDefaultsLimit: 1_000,
  rounds: 1,
  slowRounds: 1,
};

function parseArgs(argv) {
  const options = { quick: false, rounds: undefined, subjects: ['ours', 'raw', 'emmett'], profile: [], write: true, keep: false, rerun: true };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg.startsWith('--rounds=')) options.rounds = Number(arg.slice(9));
    else if (arg.startsWith('--subjects=')) options.subjects = arg.slice(11).split(',').filter(Boolean);
    else if (arg === '--profile') options.profile = ['ours'];
    else if (arg.startsWith('--profile=')) options.profile = arg.slice(10).split(',').filter(Boolean);
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--no-rerun') options.rerun = false;
    else throw new Error(`event-store: unknown option ${arg} (see the header of bench/event-store/index.mjs)`);
  }
  for (const name of [...options.subjects, ...options.profile]) {
    if (!['ours', 'raw', 'emmett'].includes(name)) throw new Error(`event-store: unknown subject ${name} (ours, raw, emmett)`);
  }
  return options;
}

function log(message) {
  process.stderr.write(`[event-store] ${message}\n`);
}

export async function run(argv) {
  const options = parseArgs(argv);
  const sizes = options.quick ? QUICK : FULL;
  const rounds = options.rounds ?? sizes.rounds;
  const slowRounds = Math.min(rounds, sizes.slowRounds);
  const slowCaps = { emmett: slowRounds };
  const benchStarted = nowMs();
  const loadBefore = loadAverage();

  buildOurs(log);
  await import('reflect-metadata');
  const { createOurs } = await import('./subjects/ours.mjs');
  const { createRaw } = await import('./subjects/raw.mjs');
  const { createEmmett } = await import('./subjects/emmett.mjs');
  const factories = {
    ours: () => createOurs(buildDir),
    raw: () => createRaw(),
    emmett: () => createEmmett({ defaultsLimit: sizes.emmettDefaultsLimit, tunedPulling: { batchSize: 1000, pullingFrequencyInMs: 0 } }),
  };
  const subjectNames = [...new Set([...options.subjects, ...options.profile])];
  const subjects = {};
  for (const name of subjectNames) subjects[name] = await factories[name]();

  const tempDir = mkdtempSync(join(os.tmpdir(), 'gg-bench-event-store-'));
  // Removed however the run ends (a failed run would otherwise leave ~100 MB of databases behind).
  if (!options.keep) process.on('exit', () => rmSync(tempDir, { recursive: true, force: true }));
  let runCount = 0;
  /** A new directory per run, so every run starts from empty files. */
  const fresh = (label) => {
    const dir = join(tempDir, `${label}-${(runCount += 1)}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  /** Runs `fn` in a fresh directory and deletes it afterwards (append runs leave nothing worth keeping). */
  const inFreshDir = async (label, fn) => {
    const dir = fresh(label);
    try {
      return await fn(dir);
    } finally {
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
    }
  };
  const machine = describeMachine(tempDir);
  const Database = (await import('better-sqlite3')).default;
  const probe = new Database(':memory:');
  machine.sqliteOurs = probe.prepare('SELECT sqlite_version() AS v').get().v;
  probe.close();
  if (subjects.emmett) {
    const described = await subjects.emmett.describeSettings(fresh('emmett-settings'));
    subjects.emmett.settings = described.text;
    machine.sqliteEmmett = described.sqliteVersion;
  }
  log(`temp dir ${tempDir} (${machine.filesystem}); load average ${loadBefore}`);

  const measured = options.subjects.map((name) => subjects[name]);
  const results = {};
  const record = (line, subject, value) => ((results[line] ??= {})[subject] ??= []).push(value);

  /**
   * The machine is shared: a run during which other processes used more than BUSY_CORES is repeated (at
   * most twice, short runs only, within a time budget) and the attempt with the least foreign load is
   * kept — chosen by the neighbours' load, never by the result.
   */
  const reruns = { count: 0, seconds: 0, budgetSeconds: options.rerun && !options.quick ? 30 : 0 };
  async function quietestRun(line, subject, runOnce) {
    const attempts = [];
    for (;;) {
      const before = cpuSnapshot();
      const value = await runOnce();
      value.otherCpu = otherCpu(before, cpuSnapshot());
      attempts.push(value);
      const busy = value.otherCpu > BUSY_CORES;
      if (!busy || attempts.length > 2 || value.seconds > 5 || reruns.seconds + value.seconds > reruns.budgetSeconds) break;
      reruns.count += 1;
      reruns.seconds += value.seconds;
      log(`${line.padEnd(13)} ${subject.name}: other processes used ${value.otherCpu.toFixed(2)} cores during the run, running it again`);
      collectGarbage();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return attempts.reduce((best, value) => (value.otherCpu < best.otherCpu ? value : best));
  }

  /** Warm-up once (not recorded), then `rounds` measured runs in rotating subject order (`caps` limits a slow subject). */
  async function measure(line, runOne, warmOne, caps = {}) {
    const started = nowMs();
    for (const subject of measured) {
      await warmOne(subject);
      collectGarbage();
    }
    for (let round = 0; round < rounds; round += 1) {
      const order = measured.map((_, i) => measured[(i + round) % measured.length]);
      for (const subject of order) {
        if (round >= (caps[subject.name] ?? rounds)) continue;
        const value = await quietestRun(line, subject, () => runOne(subject));
        value.round = round;
        record(line, subject.name, value);
        log(`${line.padEnd(13)} round ${round + 1}/${Math.min(rounds, caps[subject.name] ?? rounds)} ${subject.name.padEnd(6)} ${describeRun(value)}`);
        collectGarbage();
      }
    }
    log(`${line} done in ${((nowMs() - started) / 1000).toFixed(1)} s`);
  }

  // (a) single-event appends with an expected-revision check
  const single = singleAppendWorkload(sizes.single.count, sizes.single.streams);
  const singleWarm = singleAppendWorkload(Math.ceil(sizes.single.count / 5), sizes.single.streams, 'warm');
  await measure(
    'single',
    (subject) => inFreshDir(`${subject.name}-single`, (dir) => subject.single(dir, single)),
    (subject) => inFreshDir(`${subject.name}-warm`, (dir) => subject.single(dir, singleWarm)),
    slowCaps,
  );

  // (b) 100 events per append
  const batched = batchedAppendWorkload(sizes.batched.appends, sizes.batched.perAppend, sizes.batched.streams);
  const batchedWarm = batchedAppendWorkload(Math.ceil(sizes.batched.appends / 5), sizes.batched.perAppend, sizes.batched.streams, 'warm');
  await measure(
    'batched',
    (subject) => inFreshDir(`${subject.name}-batched`, (dir) => subject.batched(dir, batched)),
    (subject) => inFreshDir(`${subject.name}-warm`, (dir) => subject.batched(dir, batchedWarm)),
  );

  // (c, d) one seeded log per subject, read whole and rebuilt from
  const logs = {};
  for (const subject of Object.values(subjects)) {
    const started = nowMs();
    const tasks = subject.name === 'emmett' ? sizes.emmettLogTasks : sizes.logTasks;
    logs[subject.name] = await subject.seed(fresh(`${subject.name}-log`), rebuildLog(tasks));
    logs[subject.name].tasks = tasks;
    log(`seeded ${subject.name}: ${logs[subject.name].count} events, ${tasks} streams in ${((nowMs() - started) / 1000).toFixed(1)} s`);
  }

  await measure(
    'readAll',
    (subject) => subject.readAll(logs[subject.name]),
    (subject) => subject.readAll(logs[subject.name]),
  );

  await measure(
    'rebuild',
    async (subject) => verifiedRebuild(subject, 'rebuild', {}),
    async (subject) => verifiedRebuild(subject, 'rebuild', subject.name === 'emmett' ? { limit: 1000 } : {}),
    slowCaps,
  );

  if (measured.includes(subjects.emmett)) {
    const emmettOnly = [subjects.emmett];
    const started = nowMs();
    await verifiedRebuild(subjects.emmett, 'rebuildTuned', { limit: 2000 });
    for (let round = 0; round < slowRounds; round += 1) {
      const value = await quietestRun('rebuildTuned', emmettOnly[0], () => verifiedRebuild(emmettOnly[0], 'rebuildTuned', {}));
      record('rebuildTuned', 'emmett', value);
      log(`rebuildTuned  round ${round + 1}/${slowRounds} emmett ${describeRun(value)}`);
    }
    log(`rebuildTuned done in ${((nowMs() - started) / 1000).toFixed(1)} s`);
  }

  async function verifiedRebuild(subject, method, runOptions) {
    const runDir = fresh(`${subject.name}-${method}`);
    try {
      const value = await subject[method](logs[subject.name], runDir, runOptions);
      verifyReadModel(Database, subject.name, value, logs[subject.name]);
      return value;
    } finally {
      if (!options.keep) rmSync(runDir, { recursive: true, force: true });
    }
  }

  const measuredSeconds = (nowMs() - benchStarted) / 1000;
  const loadAfter = loadAverage();

  // Profiles: extra runs, never part of the table.
  if (options.profile.length > 0) {
    const profileDir = join(os.tmpdir(), `gg-bench-profiles-${Date.now()}`);
    mkdirSync(profileDir, { recursive: true });
    for (const name of options.profile) {
      const subject = subjects[name];
      const lines = {
        single: () => inFreshDir(`${name}-prof`, (dir) => subject.single(dir, single)),
        batched: () => inFreshDir(`${name}-prof`, (dir) => subject.batched(dir, batched)),
        readAll: () => subject.readAll(logs[name]),
        rebuild: () => inFreshDir(`${name}-prof`, (dir) => subject.rebuild(logs[name], dir, {})),
      };
      for (const [line, fn] of Object.entries(lines)) {
        const file = join(profileDir, `${name}-${line}.cpuprofile`);
        const { result, summary } = await profile(file, fn);
        const text = formatSummary(`${name} ${line} (${describeRun(result)}, profiled) → ${file}`, summary);
        process.stdout.write(`\n${text}\n`);
      }
    }
  }

  const notes = [];
  notes.push(
    reruns.budgetSeconds > 0
      ? `${reruns.count} runs were repeated because other processes used more than ${BUSY_CORES} cores during them (at most twice per run, runs under 5 s, ` +
          `${reruns.budgetSeconds} s budget, ${reruns.seconds.toFixed(0)} s used); the attempt with the least foreign load was kept.`
      : 'No runs were repeated for foreign load (--no-rerun or --quick).',
  );
  if (subjects.emmett && measured.includes(subjects.emmett)) {
    const { appends, appendsAttempted, rebuildsRerun, pragmaFailures } = subjects.emmett.races;
    notes.push(
      `Emmett: ${appends} of ${formatNumber(appendsAttempted, 0)} appends failed with SQLITE_BUSY "cannot commit transaction - SQL statements in progress" ` +
        `(its unawaited \`PRAGMA journal_mode = WAL\` still running on the fresh connection) and were retried, the retry inside the measured latency; ` +
        `${rebuildsRerun} consumer runs stopped early for the same reason and were rerun; ` +
        `${pragmaFailures.count} times the pragma itself failed ("cannot change into wal mode from within a transaction") — unhandled in Emmett, ` +
        'that error kills the process, so the bench gives that one call a callback (bench/event-store/subjects/emmett.mjs).',
    );
    const { checkpoints } = subjects.emmett.races;
    const behind = checkpoints.filter((c) => c.stored !== c.processed);
    if (checkpoints.length > 0) {
      const example = behind[behind.length - 1] ?? checkpoints[checkpoints.length - 1];
      notes.push(
        `Emmett's consumer left its stored checkpoint behind in ${behind.length} of ${checkpoints.length} rebuilds ` +
          `(e.g. ${formatNumber(example.processed, 0)} events processed, checkpoint stored at ${formatNumber(example.stored ?? 0, 0)}): ` +
          'each batch starts with lastProcessedPosition = null, so its first checkpoint write is an INSERT that hits the existing row, ' +
          'and every later UPDATE … WHERE last_processed_checkpoint = <previous event> then matches nothing. A restart would replay from there.',
      );
    }
  }
  const sample = [...rebuildLog(100)];
  const eventBytes = {
    data: sample.reduce((sum, { event }) => sum + JSON.stringify(event.data).length, 0) / sample.length,
    metadata: sample.reduce((sum, { event }) => sum + JSON.stringify(event.metadata).length, 0) / sample.length,
  };
  const report = buildReport({
    eventBytes,
    notes,
    machine,
    command: `npm run bench -- event-store${argv.length ? ` ${argv.join(' ')}` : ''}`,
    sizes,
    rounds,
    slowRounds,
    results,
    subjects: measured,
    loadBefore,
    loadAfter,
    seconds: measuredSeconds,
    logs,
  });
  process.stdout.write(`\n${report.text}\n`);
  if (options.write && !options.quick && options.subjects.length === 3) {
    const file = updateResultsFile(join(benchDir, 'RESULTS.md'), report.markdown);
    log(`updated ${file}`);
  } else if (options.write) {
    log('bench/RESULTS.md not updated (only a full run of all three subjects writes it)');
  }
  if (options.keep) log(`kept ${tempDir}`);
  log(`total ${((nowMs() - benchStarted) / 1000).toFixed(1)} s`);
}

function describeRun(value) {
  const others = Number.isFinite(value.otherCpu) ? `; other processes used ${value.otherCpu.toFixed(2)} cores` : '';
  if (value.latencies) {
    const rate = value.operations / value.seconds;
    return `${rate.toFixed(0)} appends/s in ${value.seconds.toFixed(2)} s${others}`;
  }
  return `${(value.events / value.seconds).toFixed(0)} events/s (${value.events} in ${value.seconds.toFixed(2)} s)${others}`;
}

/** The rebuilt read model must hold what the events say: one row per task touched, every event counted once. */
function verifyReadModel(Database, subjectName, value, seeded) {
  const db = new Database(value.readModel);
  try {
    const row = db.prepare("SELECT COUNT(*) AS n, SUM(events) AS e, SUM(status = 'completed') AS c FROM bench_task_status").get();
    if (row.e !== value.events) throw new Error(`${subjectName}: read model counted ${row.e} events, ${value.events} were applied`);
    if (value.events === seeded.count && (row.n !== seeded.tasks || row.c !== seeded.tasks)) {
      throw new Error(`${subjectName}: read model has ${row.n} rows (${row.c} completed), expected ${seeded.tasks}`);
    }
    if (value.events % (STEPS_PER_TASK * 1000) === 0 && row.n * STEPS_PER_TASK !== value.events) {
      throw new Error(`${subjectName}: read model has ${row.n} rows for ${value.events} events`);
    }
  } finally {
    db.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
