/**
 * `npm run bench -- generation [--quick]` (issue: generation, Measure):
 *  - time-to-task-id of POST /generate with 10 and 100 concurrent submitters (closed loop),
 *  - GET /status/{id} throughput with 10 connections (autocannon) and its p95 at a fixed 500 req/s (open loop),
 *  - SSE delay: from the moment a worker's progress report reaches the server to the moment an SSE client
 *    sees it (the worker's reports pass a timestamping relay on their way to /worker-callbacks).
 * The server runs as in production (built dist/, its own process, SQLite synchronous=FULL); the simulator
 * runs in its own process. Results and the machine go to bench/RESULTS.md (between generation markers).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { describeMachine } from '../lib/machine.mjs';
import { formatNumber, percentiles } from '../lib/stats.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const quick = process.argv.includes('--quick');
const API_KEY = `bench-${randomBytes(12).toString('hex')}`;
const SIM_TOKEN = `sim-${randomBytes(12).toString('hex')}`;
const log = (line) => process.stderr.write(`[generation] ${line}\n`);

function freePort() {
  return new Promise((ok, fail) => {
    const server = createNetServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function launch(script, env, readyPattern) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(root, script)], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => fail(new Error(`${script} did not start: ${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      if (readyPattern.test(output)) {
        clearTimeout(timer);
        ok(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`${script} exited ${code}: ${output}`)));
  });
}

async function json(url, init = {}) {
  const response = await fetch(url, { ...init, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: response.status, body: await response.json() };
}

const BODY = JSON.stringify({ model: 'flux', mode: 'txt2img', prompt: 'benchmark lighthouse', width: 256, height: 256, steps: 15 });

/** Closed loop: `concurrency` submitters, each sending the next request when the last answered. */
async function timeToTaskId(base, concurrency, total) {
  const latencies = [];
  let sent = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < total) {
      sent += 1;
      const t0 = performance.now();
      const response = await fetch(`${base}/generate`, { method: 'POST', headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, body: BODY });
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status !== 200) failed += 1;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const [p50, p95, p99] = percentiles(latencies, [0.5, 0.95, 0.99]);
  return { concurrency, total, failed, p50, p95, p99, perSecond: total / seconds };
}

function cannon(options) {
  return new Promise((ok, fail) => autocannon(options, (error, result) => (error ? fail(error) : ok(result))));
}

/** Open loop at a fixed rate, so queueing shows in the latencies instead of slowing the sender. */
async function fixedRate(url, rate, seconds) {
  const latencies = [];
  const pending = [];
  const interval = 10;
  const perTick = rate / (1000 / interval);
  let credit = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    credit += perTick;
    while (credit >= 1) {
      credit -= 1;
      const t0 = performance.now();
      pending.push(fetch(url, { headers: { 'x-api-key': API_KEY } }).then(async (r) => {
        await r.arrayBuffer();
        latencies.push(performance.now() - t0);
      }));
    }
    await new Promise((tick) => setTimeout(tick, interval));
  }
  await Promise.all(pending);
  const [p50, p95, p99] = percentiles(latencies, [0.5, 0.95, 0.99]);
  return { rate, count: latencies.length, p50, p95, p99 };
}

/** Relays worker callbacks to the server, noting when each progress report arrived. */
function startRelay(target, seen) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        const report = JSON.parse(body.toString());
        const key = `${req.url}|${report.progress}|${report.stage}`;
        if (!seen.has(key)) seen.set(key, performance.now());
      } catch {
        /* forwarded as is */
      }
      const forward = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Follows one task's SSE stream, returning [relay-arrival → SSE-event] delays for its progress steps. */
async function sseDelays(base, relayArrivals) {
  const { body } = await json(`${base}/generate`, { method: 'POST', body: JSON.stringify({ model: 'anisora', mode: 't2v', prompt: 'sse delay', width: 256, height: 256, num_frames: 49, fps: 16 }) });
  const taskId = body.task_id;
  const response = await fetch(`${base}/status/${taskId}/stream`, { headers: { 'x-api-key': API_KEY } });
  const decoder = new TextDecoder();
  let buffer = '';
  const delays = [];
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let boundary;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const data = block.split('\n').find((line) => line.startsWith('data: '));
      if (!data) continue;
      const status = JSON.parse(data.slice(6));
      const arrived = relayArrivals.get(`/worker-callbacks/${taskId}|${status.progress}|${status.stage}`);
      if (arrived !== undefined && status.status === 'processing') delays.push(performance.now() - arrived);
    }
  }
  return delays;
}

async function main() {
  spawnSync(process.execPath, [join(root, 'scripts/build-if-stale.mjs'), '--backend-only'], { cwd: root, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'gg-bench-gen-'));
  const [port, simPort] = [await freePort(), await freePort()];
  const relayArrivals = new Map();
  const relay = await startRelay(`http://127.0.0.1:${port}`, relayArrivals);
  const children = [];
  try {
    children.push(await launch('dist/gpu/simulator/main.js', {
      SIMULATOR_PORT: String(simPort), SIMULATOR_TOKEN: SIM_TOKEN, SIMULATOR_SPEED: '0.05', SIMULATOR_DATA_DIR: join(dataDir, 'sim'),
      SIMULATOR_MAX_CONCURRENT_JOBS: '4', SIMULATOR_MAX_QUEUED_JOBS: '10000',
    }, /listening|running|ready|http:\/\//i));
    children.push(await launch('dist/backend/src/main.js', {
      NODE_ENV: 'development', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', API_KEY,
      ADMIN_KEY: randomBytes(32).toString('base64url'), ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // Capacity (SEC-1) would refuse a benchmark's backlog with 429; the submission path is what is measured.
      MAX_ACTIVE_TASKS: '10000',
      PUBLIC_BASE_URL: `http://127.0.0.1:${relay.address().port}`,
      WORKERS: JSON.stringify([{ id: 'bench-sim', baseUrl: `http://127.0.0.1:${simPort}`, token: SIM_TOKEN }]),
    }, /running at/));
    const base = `http://127.0.0.1:${port}`;
    // The configured worker registers and health-checks itself at boot; wait until a task can be done.
    for (let waited = 0; ; waited += 200) {
      const probe = await json(`${base}/generate`, { method: 'POST', body: BODY });
      if (probe.status === 200) {
        let status = { status: 'pending' };
        for (let polls = 0; polls < 100 && (status.status === 'pending' || status.status === 'processing'); polls += 1) {
          await new Promise((tick) => setTimeout(tick, 50));
          status = (await json(`${base}/status/${probe.body.task_id}`)).body;
        }
        if (status.status === 'done') break;
      }
      if (waited > 20_000) throw new Error('the server never completed a probe task');
      await new Promise((tick) => setTimeout(tick, 200));
    }
    // SSE first: later the submission benchmarks leave thousands of jobs queued on the simulator.
    const delays = [];
    for (let run = 0; run < (quick ? 2 : 4); run += 1) delays.push(...(await sseDelays(base, relayArrivals)));
    const [d50, d95, d99] = percentiles(delays, [0.5, 0.95, 0.99]);
    log(`SSE delay p95 ${d95.toFixed(1)} ms over ${delays.length} progress events`);
    const { body: one } = await json(`${base}/generate`, { method: 'POST', body: BODY });
    const statusUrl = `${base}/status/${one.task_id}`;
    const throughput = await cannon({ url: statusUrl, connections: 10, duration: quick ? 5 : 10, headers: { 'x-api-key': API_KEY } });
    log(`GET /status: ${Math.round(throughput.requests.average)} req/s`);
    const paced = await fixedRate(statusUrl, 500, quick ? 5 : 10);
    log(`GET /status at 500 req/s: p95 ${paced.p95.toFixed(2)} ms`);
    log('warming up submissions');
    await timeToTaskId(base, 10, 200);
    const submit10 = await timeToTaskId(base, 10, quick ? 500 : 2000);
    log(`10 submitters: p99 ${submit10.p99.toFixed(1)} ms`);
    const submit100 = await timeToTaskId(base, 100, quick ? 1000 : 2500);
    log(`100 submitters: p99 ${submit100.p99.toFixed(1)} ms`);
    report({ submit10, submit100, throughput, paced, sse: { count: delays.length, p50: d50, p95: d95, p99: d99 } }, dataDir);
  } finally {
    await Promise.all(children.reverse().map((child) => new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    })));
    relay.close();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

function report(r, dataDir) {
  const machine = describeMachine(dataDir);
  const ms = (value) => `${formatNumber(value, 1)} ms`;
  const verdict = (ok) => (ok ? 'met' : '**missed**');
  const lines = [
    '<!-- generation:begin (written by `npm run bench -- generation`; edits between the markers are replaced) -->',
    `## Generation (${new Date().toISOString().slice(0, 10)})`,
    '',
    `Machine: ${machine.nproc} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${process.version}. Server: built dist/, own process, SQLite synchronous=FULL; simulator in its own process; the load generator shares the same 2 cores.`,
    '',
    '| measure | result | target |',
    '|:---|---:|:---|',
    `| time-to-task-id, 10 concurrent submitters (${r.submit10.total} requests) | p50 ${ms(r.submit10.p50)}, p95 ${ms(r.submit10.p95)}, p99 ${ms(r.submit10.p99)}; ${formatNumber(r.submit10.perSecond, 0)} submissions/s; ${r.submit10.failed} non-200 | p99 ≤ 50 ms: ${verdict(r.submit10.p99 <= 50)} |`,
    `| time-to-task-id, 100 concurrent submitters (${r.submit100.total} requests) | p50 ${ms(r.submit100.p50)}, p95 ${ms(r.submit100.p95)}, p99 ${ms(r.submit100.p99)}; ${formatNumber(r.submit100.perSecond, 0)} submissions/s; ${r.submit100.failed} non-200 | p99 ≤ 250 ms: ${verdict(r.submit100.p99 <= 250)} |`,
    `| GET /status/{id}, 10 connections (autocannon) | ${formatNumber(r.throughput.requests.average, 0)} req/s, p50 ${ms(r.throughput.latency.p50)}, p99 ${ms(r.throughput.latency.p99)}; ${r.throughput.non2xx} non-2xx | ≥ 10,000 req/s: ${verdict(r.throughput.requests.average >= 10_000)} |`,
    `| GET /status/{id} at a fixed 500 req/s (${r.paced.count} requests) | p50 ${ms(r.paced.p50)}, p95 ${ms(r.paced.p95)}, p99 ${ms(r.paced.p99)} | — |`,
    `| SSE delay: worker progress report → client event (${r.sse.count} events) | p50 ${ms(r.sse.p50)}, p95 ${ms(r.sse.p95)}, p99 ${ms(r.sse.p99)} | p95 ≤ 250 ms: ${verdict(r.sse.p95 <= 250)} |`,
    '<!-- generation:end -->',
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  const file = join(root, 'bench/RESULTS.md');
  const current = readFileSync(file, 'utf8');
  const block = lines.join('\n');
  const next = /<!-- generation:begin[\s\S]*?<!-- generation:end -->/.test(current)
    ? current.replace(/<!-- generation:begin[\s\S]*?<!-- generation:end -->/, block)
    : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

main().catch((error) => {
  process.stderr.write(`[generation] failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
