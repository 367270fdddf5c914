import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

// One round trip, atomic: count the hit in a fixed window, block for `block` ms once over the limit.
const INCREMENT = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  return {hits, redis.call('PTTL', KEYS[1]), 1, blockTtl}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}
`;

type ScriptedRedis = Redis & { ggThrottle(hits: string, block: string, ttl: number, limit: number, blockMs: number): Promise<[number, number, number, number]> };

/**
 * @nestjs/throttler's storage interface over Redis (REDIS_URL), so several API instances share their
 * counters (design.md "Consistency and scale"). Errors surface to the guard, which fails closed.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RedisThrottlerStorage');
  private readonly redis: ScriptedRedis;

  constructor(url: string, private readonly prefix = 'gg:throttle:') {
    this.redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000 }) as ScriptedRedis;
    this.redis.defineCommand('ggThrottle', { numberOfKeys: 2, lua: INCREMENT });
    this.redis.on('error', (error: Error) => this.logger.warn({ msg: 'redis error', err: error.message }));
  }

  async connect(): Promise<void> {
    try {
      await this.redis.connect();
    } catch (error) {
      this.logger.error({ msg: 'redis is unreachable; rate-limited routes answer 503 until it is back', err: (error as Error).message });
    }
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}${throttlerName}:${key}`;
    const [hits, ttlMs, blocked, blockMs] = await this.redis.ggThrottle(`${base}:hits`, `${base}:block`, ttl, limit, blockDuration);
    return {
      totalHits: Number(hits),
      timeToExpire: Math.max(0, Math.ceil(Number(ttlMs) / 1000)),
      isBlocked: Number(blocked) === 1,
      timeToBlockExpire: Math.max(0, Math.ceil(Number(blockMs) / 1000)),
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    else this.redis.disconnect();
  }
}
