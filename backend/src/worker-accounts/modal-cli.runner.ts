import { spawn } from 'node:child_process';

export interface CliResult {
  code: number | null;
  output: string;
  timedOut: boolean;
}

/**
 * Runs the Modal CLI with exactly the environment given — never the server's own (which holds the admin
 * and encryption keys): only PATH, HOME and that account's Modal token reach the child (ADM-4, SEC-5).
 */
export function runCli(command: string, args: readonly string[], env: Record<string, string>, cwd: string, timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({ code: null, output: (error as Error).message, timedOut: false });
      return;
    }
    const append = (chunk: Buffer) => {
      if (output.length < 64_000) output += chunk.toString();
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, output: `${output}${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}
