import 'reflect-metadata';
import type { CliIo } from './platform/cli/cli-command.js';
import { runCli } from './cli.runner.js';

// The only place besides main.ts that hands process.env to the application.
const io: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
runCli(process.argv.slice(2), process.env, io).then(
  (code) => process.exit(code),
  (error: unknown) => {
    io.err(`gg: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
