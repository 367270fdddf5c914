import type { INestApplicationContext } from '@nestjs/common';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** One `npm run gg -- <group> <action>` command. Features add theirs to the list in cli.ts. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Returns the process exit code. */
  run(app: INestApplicationContext, args: string[], io: CliIo): Promise<number>;
}

export function flag(args: string[], name: string): boolean {
  return args.includes(`--${name}`);
}

export function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}
