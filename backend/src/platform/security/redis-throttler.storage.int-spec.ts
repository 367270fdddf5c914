import { randomUUID } from 'node:crypto';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

const url = process.env.TEST_REDIS_URL ?? ((process.env.REQUIRE_SERVICES ?? '').split(',').includes('redis') ? 'redis://127.0.0.1:6379' : undefined);

describe('SEC-1: RedisThrottlerStorage', () => {
  if (!url) {
    it('SEC-1: Redis throttler storage (skipped)', () => {
      process.stderr.write('\n!!! SKIPPED: RedisThrottlerStorage tests — set TEST_REDIS_URL=redis://127.0.0.1:6379 (or REQUIRE_SERVICES=redis) to run them\n\n');
    });
    return;
  }
  let storage: RedisThrottlerStorage;
  beforeAll(async () => {
    storage = new RedisThrottlerStorage(url, `gg:test:${randomUUID()}:`);
    await storage.connect();
  });
  afterAll(() => storage.onApplicationShutdown());

  it('SEC-1: counts hits in a window and blocks past the limit for the block duration', async () => {
    const key = randomUUID();
    for (let hit = 1; hit <= 3; hit += 1) {
      const record = await storage.increment(key, 60_000, 3, 60_000, 'test');
      expect(record).toMatchObject({ totalHits: hit, isBlocked: false, timeToBlockExpire: 0 });
      expect(record.timeToExpire).toBeGreaterThan(0);
      expect(record.timeToExpire).toBeLessThanOrEqual(60);
    }
    const blocked = await storage.increment(key, 60_000, 3, 60_000, 'test');
    expect(blocked).toMatchObject({ isBlocked: true });
    expect(blocked.timeToBlockExpire).toBeGreaterThanOrEqual(59);
    expect((await storage.increment(key, 60_000, 3, 60_000, 'test')).isBlocked).toBe(true);
  });

  it('SEC-1: windows end, and names and keys do not share counters', async () => {
    const key = randomUUID();
    await storage.increment(key, 300, 1, 300, 'a');
    expect((await storage.increment(key, 300, 1, 300, 'a')).isBlocked).toBe(true);
    expect((await storage.increment(key, 300, 1, 300, 'b')).isBlocked).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await storage.increment(key, 300, 1, 300, 'a')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('AUTH-6: an unreachable Redis makes increment fail (the guard turns that into 503)', async () => {
    const down = new RedisThrottlerStorage('redis://127.0.0.1:1');
    await down.connect();
    await expect(down.increment('k', 1000, 1, 1000, 'x')).rejects.toThrow();
    await down.onApplicationShutdown();
  });
});
