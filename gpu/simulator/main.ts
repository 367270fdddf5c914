/**
 * `node dist/gpu/simulator/main.js [--port 8081] [--token …] [--speed 1] [--error-rate 0.1] …`
 * The only simulator file that touches process.env and process.exit.
 */
import { parseSimulatorConfig, SimulatorConfigError } from './simulator-config.js';
import { startSimulator } from './simulator.js';

async function main(): Promise<void> {
  const config = parseSimulatorConfig(process.argv.slice(2), process.env);
  const simulator = await startSimulator({
    ...config,
    // A real worker that dies mid-job takes its process with it; 137 is what a SIGKILLed container reports.
    onCrash: (jobId) => {
      process.stderr.write(`simulator: crash fault fired by job ${jobId}; exiting 137\n`);
      process.exit(137);
    },
  });
  process.stdout.write(`${JSON.stringify({ msg: 'simulator listening', url: simulator.url, data_dir: config.dataDir })}\n`);
  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof SimulatorConfigError ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(error instanceof SimulatorConfigError ? 2 : 1);
});
