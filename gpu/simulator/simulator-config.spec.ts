import { parseSimulatorConfig, SimulatorConfigError } from './simulator-config.js';

describe('simulator configuration', () => {
  it('defaults to 127.0.0.1:8081 and needs only a token', () => {
    expect(parseSimulatorConfig([], { SIMULATOR_TOKEN: 't0k3n' })).toMatchObject({ host: '127.0.0.1', port: 8081, token: 't0k3n', faults: {} });
  });

  it('reads SIMULATOR_* variables, and CLI flags win over them', () => {
    const config = parseSimulatorConfig(['--port', '0', '--error-rate', '0.25'], {
      SIMULATOR_TOKEN: 'tok',
      SIMULATOR_PORT: '9000',
      SIMULATOR_SPEED: '0.5',
      SIMULATOR_ERROR_RATE: '0.9',
      SIMULATOR_HANG: 'true',
      SIMULATOR_CRASH_AT_PROGRESS: '60',
      SIMULATOR_FAIL_MODELS: 'pony, flux',
      SIMULATOR_DROP_STATUS_MODE: 'reset',
    });
    expect(config).toMatchObject({ port: 0, speed: 0.5 });
    expect(config.faults).toEqual({ errorRate: 0.25, hang: true, crashAtProgress: 60, failModels: ['pony', 'flux'], dropStatusMode: 'reset' });
  });

  it('fails fast naming the bad variable', () => {
    expect(() => parseSimulatorConfig([], {})).toThrow(/SIMULATOR_TOKEN/);
    expect(() => parseSimulatorConfig([], { SIMULATOR_TOKEN: 't', SIMULATOR_ERROR_RATE: '2' })).toThrow(SimulatorConfigError);
    expect(() => parseSimulatorConfig([], { SIMULATOR_TOKEN: 't', SIMULATOR_PORT: 'x' })).toThrow(/SIMULATOR_PORT/);
    expect(() => parseSimulatorConfig([], { SIMULATOR_TOKEN: 't', SIMULATOR_HANG: 'maybe' })).toThrow(/SIMULATOR_HANG/);
    expect(() => parseSimulatorConfig(['--bogus', '1'], { SIMULATOR_TOKEN: 't' })).toThrow();
  });
});
