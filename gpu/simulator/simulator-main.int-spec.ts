import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { callWorker, jobRequest } from './testing/simulator-fixtures.js';

/** The compiled entry point (Jest's globalSetup builds dist/); overridable to test another build. */
function mainScript(): string {
  if (process.env.SIMULATOR_MAIN_JS) return process.env.SIMULATOR_MAIN_JS;
  let dir = process.cwd();
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'gpu', 'simulator', 'main.js');
}

function launch(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [mainScript()], { env: { PATH: process.env.PATH ?? '', ...env } });
}

async function listeningUrl(child: ChildProcessWithoutNullStreams): Promise<string> {
  let out = '';
  for await (const chunk of child.stdout) {
    out += String(chunk);
    const line = out.split('\n').find((l) => l.includes('simulator listening'));
    if (line) return (JSON.parse(line) as { url: string }).url;
  }
  throw new Error(`simulator never listened: ${out}`);
}

describe('simulator main (node dist/gpu/simulator/main.js)', () => {
  let dataDir: string;
  beforeAll(() => {
    if (!existsSync(mainScript())) throw new Error(`${mainScript()} is missing: build with npm run build:backend`);
    dataDir = mkdtempSync(join(tmpdir(), 'gg-sim-main-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('fails fast with exit 2 naming SIMULATOR_TOKEN when it is missing', async () => {
    const child = launch({ SIMULATOR_PORT: '0' });
    let err = '';
    child.stderr.on('data', (chunk) => (err += String(chunk)));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(err).toContain('SIMULATOR_TOKEN');
  });

  it('GEN-8: runs from SIMULATOR_* variables and exits 137 when a job reaches SIMULATOR_CRASH_AT_PROGRESS', async () => {
    const child = launch({
      SIMULATOR_TOKEN: 'main-token',
      SIMULATOR_PORT: '0',
      SIMULATOR_SPEED: '0.001',
      SIMULATOR_DATA_DIR: dataDir,
      SIMULATOR_CRASH_AT_PROGRESS: '50',
    });
    const exited = once(child, 'exit');
    try {
      const url = await listeningUrl(child);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await callWorker(url, 'GET', '/health', undefined, 'main-token')).json()).toMatchObject({ ok: true });
      const submitted = await callWorker(url, 'POST', '/jobs', jobRequest({ parameters: { steps: 10 } }), 'main-token');
      expect(submitted.status).toBe(202);
      const [code] = (await exited) as [number];
      expect(code).toBe(137);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
