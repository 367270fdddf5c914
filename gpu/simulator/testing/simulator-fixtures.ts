import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import type { JobStatus } from '../../../contracts/worker-api/worker-api.js';
import { startSimulator, type SimulatorHandle, type SimulatorOptions } from '../simulator.js';

export { jobRequest } from './job-request.fixture.js';

export const TEST_TOKEN = 'test-token-7f3a9c';

export interface TestSimulator extends SimulatorHandle {
  dataDir: string;
}

/** A simulator on a free port with a private data dir; `close()` also removes the dir. */
export async function startTestSimulator(options: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gg-sim-test-'));
  const handle = await startSimulator({ token: TEST_TOKEN, dataDir, port: 0, speed: 0.001, ...options });
  return {
    ...handle,
    dataDir,
    close: async () => {
      await handle.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  json: () => any;
}

/** Plain fetch against a simulator, so simulator tests do not depend on the backend's client. */
export async function callWorker(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token: string = TEST_TOKEN,
): Promise<HttpAnswer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, json: () => JSON.parse(bytes.toString('utf8')) };
}

/** Polls `GET /jobs/{id}` until the job is terminal; returns every status seen. */
export async function pollUntilTerminal(url: string, jobId: string, timeoutMs = 20_000): Promise<JobStatus[]> {
  const seen: JobStatus[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await callWorker(url, 'GET', `/jobs/${jobId}`);
    if (answer.status !== 200) throw new Error(`status ${answer.status}: ${answer.bytes.toString()}`);
    const status = answer.json() as JobStatus;
    seen.push(status);
    if (['succeeded', 'failed', 'canceled'].includes(status.state)) return seen;
    if (Date.now() > deadline) throw new Error(`job ${jobId} not terminal: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Waits until `predicate` holds for the simulator's view of the job. */
export async function waitForJob(sim: SimulatorHandle, jobId: string, predicate: (s: JobStatus) => boolean, timeoutMs = 10_000): Promise<JobStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = sim.job(jobId);
    if (status && predicate(status)) return structuredClone(status);
    if (Date.now() > deadline) throw new Error(`job ${jobId} never matched: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface VideoProbe {
  frames: number;
  fps: number;
  codec: string;
  width: number;
  height: number;
}

/** Decodes a whole video with the bundled ffmpeg and counts the frames it really contains. */
export async function probeVideo(bytes: Buffer, extension: string): Promise<VideoProbe> {
  const dir = await mkdtemp(join(tmpdir(), 'gg-probe-'));
  const file = join(dir, `clip.${extension}`);
  try {
    await writeFile(file, bytes);
    const { stderr } = await promisify(execFile)(ffmpegInstaller.path, ['-hide_banner', '-i', file, '-map', '0:v:0', '-f', 'null', '-'], {
      encoding: 'utf8',
    });
    const stream = /Stream #0:0.*?Video: (\w+).*?, (\d+)x(\d+).*?, ([\d.]+) fps/.exec(stderr);
    const frames = [...stderr.matchAll(/frame=\s*(\d+)/g)].pop();
    if (!stream || !frames) throw new Error(`cannot parse ffmpeg output:\n${stderr}`);
    return { codec: stream[1]!, width: Number(stream[2]), height: Number(stream[3]), fps: Number(stream[4]), frames: Number(frames[1]) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Names of direct child processes of this process (to prove ffmpeg was killed). */
export async function childProcessNames(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['--ppid', String(process.pid), '-o', 'comm='], { encoding: 'utf8' }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return stdout.split('\n').map((line) => line.trim()).filter(Boolean);
}
