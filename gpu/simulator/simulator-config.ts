import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { FaultSettings } from './fault-settings.js';
import type { SimulatorOptions } from './simulator.js';

/**
 * Reads simulator options from CLI flags (win) and SIMULATOR_* variables. Pure: main.ts hands in argv and
 * the environment, so this is testable and nothing else in the simulator reads process.env.
 */

const SETTINGS = {
  port: 'SIMULATOR_PORT',
  host: 'SIMULATOR_HOST',
  token: 'SIMULATOR_TOKEN',
  speed: 'SIMULATOR_SPEED',
  'data-dir': 'SIMULATOR_DATA_DIR',
  'build-id': 'SIMULATOR_BUILD_ID',
  'max-concurrent-jobs': 'SIMULATOR_MAX_CONCURRENT_JOBS',
  'max-queued-jobs': 'SIMULATOR_MAX_QUEUED_JOBS',
  'fault-seed': 'SIMULATOR_FAULT_SEED',
  'latency-ms': 'SIMULATOR_LATENCY_MS',
  'error-rate': 'SIMULATOR_ERROR_RATE',
  hang: 'SIMULATOR_HANG',
  'hang-at-progress': 'SIMULATOR_HANG_AT_PROGRESS',
  'crash-at-progress': 'SIMULATOR_CRASH_AT_PROGRESS',
  'drop-status-rate': 'SIMULATOR_DROP_STATUS_RATE',
  'drop-status-mode': 'SIMULATOR_DROP_STATUS_MODE',
  'duplicate-reports': 'SIMULATOR_DUPLICATE_REPORTS',
  'callback-delay-ms': 'SIMULATOR_CALLBACK_DELAY_MS',
  'oom-rate': 'SIMULATOR_OOM_RATE',
  'fail-models': 'SIMULATOR_FAIL_MODELS',
} as const;

type SettingName = keyof typeof SETTINGS;

export class SimulatorConfigError extends Error {
  override name = 'SimulatorConfigError';
}

export type SimulatorConfig = Omit<SimulatorOptions, 'onCrash' | 'now'>;

export function parseSimulatorConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): SimulatorConfig {
  const flags = Object.fromEntries(Object.keys(SETTINGS).map((name) => [name, { type: 'string' as const }]));
  const { values } = parseArgs({ args: [...argv], options: flags, strict: true, allowPositionals: false });
  const raw = (name: SettingName): string | undefined => {
    const value = (values as Record<string, string | undefined>)[name] ?? env[SETTINGS[name]];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const number = (name: SettingName, min: number, max: number, integer = false): number | undefined => {
    const text = raw(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      throw new SimulatorConfigError(`${SETTINGS[name]} (--${name}) must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got "${text}"`);
    }
    return value;
  };
  const flag = (name: SettingName): boolean | undefined => {
    const text = raw(name)?.toLowerCase();
    if (text === undefined) return undefined;
    if (['1', 'true', 'yes', 'on'].includes(text)) return true;
    if (['0', 'false', 'no', 'off'].includes(text)) return false;
    throw new SimulatorConfigError(`${SETTINGS[name]} (--${name}) must be true or false, got "${text}"`);
  };

  const token = raw('token');
  if (!token) throw new SimulatorConfigError(`${SETTINGS.token} (--token) is required: the bearer token callers must present`);
  const dropMode = raw('drop-status-mode');
  if (dropMode !== undefined && dropMode !== 'hold' && dropMode !== 'reset') {
    throw new SimulatorConfigError(`${SETTINGS['drop-status-mode']} must be hold or reset, got "${dropMode}"`);
  }
  const faults: Partial<FaultSettings> = dropUndefined({
    latencyMs: number('latency-ms', 0, 600_000, true),
    errorRate: number('error-rate', 0, 1),
    hang: flag('hang'),
    hangAtProgress: number('hang-at-progress', 0, 100, true),
    crashAtProgress: number('crash-at-progress', 0, 100, true),
    dropStatusRate: number('drop-status-rate', 0, 1),
    dropStatusMode: dropMode,
    duplicateReports: flag('duplicate-reports'),
    callbackDelayMs: number('callback-delay-ms', 0, 600_000, true),
    oomRate: number('oom-rate', 0, 1),
    failModels: raw('fail-models')?.split(',').map((model) => model.trim()).filter(Boolean),
  });
  return dropUndefined({
    token,
    host: raw('host') ?? '127.0.0.1',
    port: number('port', 0, 65_535, true) ?? 8081,
    speed: number('speed', 0, 1_000),
    dataDir: raw('data-dir') ?? join(tmpdir(), 'gooni-simulator'),
    buildId: raw('build-id'),
    maxConcurrentJobs: number('max-concurrent-jobs', 1, 64, true),
    maxQueuedJobs: number('max-queued-jobs', 0, 10_000, true),
    faultSeed: number('fault-seed', 0, 4_294_967_295, true),
    faults,
  });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
