import { FaultInjector } from './fault-injector.js';

describe('FaultInjector', () => {
  it('rolls the same request faults for the same seed, different ones for another seed', () => {
    const roll = (seed: number): Array<number | null> => {
      const faults = new FaultInjector({ errorRate: 0.3 }, seed);
      return Array.from({ length: 50 }, () => faults.rollRequestError());
    };
    expect(roll(5)).toEqual(roll(5));
    expect(roll(5)).not.toEqual(roll(6));
    expect(roll(5).every((status) => status === null || [500, 502, 503].includes(status))).toBe(true);
  });

  it('never rolls faults that are off', () => {
    const faults = new FaultInjector({}, 1);
    expect(Array.from({ length: 20 }, () => faults.rollRequestError()).every((s) => s === null)).toBe(true);
    expect(faults.rollDropStatus()).toBe(false);
    expect(faults.rollOutOfMemory('a')).toBe(false);
    expect(faults.isHungAt(100)).toBe(false);
    expect(faults.crashesAt(100)).toBe(false);
  });

  it('decides OOM per job id, independent of earlier dice', () => {
    const a = new FaultInjector({ oomRate: 0.5 }, 9);
    const b = new FaultInjector({ oomRate: 0.5 }, 9);
    b.rollRequestError();
    b.rollDropStatus();
    const ids = Array.from({ length: 40 }, (_, i) => `job-${i}`);
    expect(ids.map((id) => a.rollOutOfMemory(id))).toEqual(ids.map((id) => b.rollOutOfMemory(id)));
    expect(ids.filter((id) => a.rollOutOfMemory(id)).length).toBeGreaterThan(5);
  });

  it('merges patches and resets to the initial settings', () => {
    const faults = new FaultInjector({ latencyMs: 10 }, 1);
    faults.update({ hang: true, hangAtProgress: 30 });
    expect(faults.isHungAt(29)).toBe(false);
    expect(faults.isHungAt(30)).toBe(true);
    expect(faults.settings.latencyMs).toBe(10);
    faults.update({ reset: true, failModels: ['pony'] });
    expect(faults.settings).toMatchObject({ hang: false, latencyMs: 10, failModels: ['pony'] });
    expect(faults.failsModel('pony')).toBe(true);
  });
});
