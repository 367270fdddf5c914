import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';

export interface VideoEncodeSpec {
  ffmpegPath: string;
  outputPath: string;
  format: 'mp4' | 'webm';
  width: number;
  height: number;
  fps: number;
  frames: number;
  /** Produces frame i as rgb24; called once per frame so only one frame is in memory at a time. */
  paintFrame(index: number): Buffer;
  /** Awaited after each frame (1-based count) is handed to ffmpeg: progress, and the hang fault. */
  onFrame?(written: number): Promise<void> | void;
  /** Aborting kills ffmpeg at once (job canceled or worker crashing). */
  signal: AbortSignal;
}

/**
 * Single thread and bitexact flags make the bytes a pure function of the frames: no encoder version
 * strings, no creation times, no random matroska segment ids, no thread-dependent rate control.
 */
export function ffmpegArguments(spec: Omit<VideoEncodeSpec, 'paintFrame' | 'signal' | 'ffmpegPath'>): string[] {
  const codec =
    spec.format === 'mp4'
      ? ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-movflags', '+faststart']
      : ['-c:v', 'libvpx-vp9', '-deadline', 'good', '-cpu-used', '5', '-row-mt', '0', '-b:v', '0', '-crf', '32', '-pix_fmt', 'yuv420p'];
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${spec.width}x${spec.height}`, '-framerate', String(spec.fps), '-i', 'pipe:0',
    '-frames:v', String(spec.frames),
    ...codec,
    '-threads', '1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1', '-an',
    '-f', spec.format, spec.outputPath,
  ];
}

export async function encodeVideo(spec: VideoEncodeSpec): Promise<void> {
  spec.signal.throwIfAborted();
  const child = spawn(spec.ffmpegPath, ffmpegArguments(spec), { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderrTail = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2000);
  });
  // EPIPE after ffmpeg died is reported through the exit code below; it must not crash the process.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const kill = (): void => {
    child.kill('SIGKILL');
  };
  spec.signal.addEventListener('abort', kill, { once: true });
  try {
    for (let i = 0; i < spec.frames; i++) {
      spec.signal.throwIfAborted();
      if (!child.stdin.write(spec.paintFrame(i))) await drainOrExit(child, exited);
      await spec.onFrame?.(i + 1);
      // Painting is synchronous CPU work; yield so status requests are served while a long clip encodes.
      await new Promise((resolve) => setImmediate(resolve));
    }
    child.stdin.end();
    const code = await exited;
    spec.signal.throwIfAborted();
    if (code !== 0) throw new Error(`ffmpeg exited with code ${code}: ${stderrTail.trim()}`);
  } finally {
    spec.signal.removeEventListener('abort', kill);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

async function drainOrExit(
  child: ChildProcessByStdio<Writable, null, Readable>,
  exited: Promise<number | null>,
): Promise<void> {
  const early = exited.then((code) => {
    throw new Error(`ffmpeg exited early with code ${code}`);
  });
  await Promise.race([once(child.stdin, 'drain'), early]);
  early.catch(() => undefined);
}
