import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import type { CliCommand, CliIo } from './platform/cli/cli-command.js';
import { PLATFORM_CLI_COMMANDS } from './platform/cli/platform-cli.commands.js';
import { loadConfig } from './platform/config/config.loader.js';
import { secretsRotate } from './worker-accounts/index.js';

const COMMANDS: readonly CliCommand[] = [...PLATFORM_CLI_COMMANDS, secretsRotate];

/** `npm run gg -- <group> <action> [options]`: operator and auditor commands on the same modules as the server. */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const command = COMMANDS.find((candidate) => argv.slice(0, 2).join(' ') === candidate.name);
  if (!command) {
    io.err('usage: npm run gg -- <command> [options]\n');
    for (const candidate of COMMANDS) io.err(`  ${candidate.name.padEnd(22)} ${candidate.summary}`);
    return argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' ? 0 : 2;
  }
  const config = loadConfig(env);
  const app = await NestFactory.createApplicationContext(AppModule.register({ config, role: 'cli' }), { logger: ['error'] });
  try {
    return await command.run(app, argv.slice(2), io);
  } finally {
    await app.close();
  }
}
