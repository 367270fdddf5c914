import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RateLimitGuard, throttlerOptions } from './rate-limit.guard.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { SecretRegistration } from './secret-registration.js';
import { SecurityEventRecorder } from './security-event.recorder.js';
import { SECURITY_EVENTS } from './security-events.port.js';

/** In memory by default; Redis when REDIS_URL is set, so several instances share the counters (SEC-1). */
export async function throttlerStorageFor(config: AppConfig): Promise<ThrottlerStorage> {
  if (!config.redisUrl) return new ThrottlerStorageService();
  const storage = new RedisThrottlerStorage(config.redisUrl);
  await storage.connect();
  return storage;
}

/**
 * Rate limits (a global guard, so it runs before any authentication) and the security event recorder
 * the guards, the CORS hook and the auth features write to (SEC-1, SEC-2, AUD-1).
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => throttlerOptions(await throttlerStorageFor(config)),
    }),
  ],
  providers: [
    SecretRegistration,
    SecurityEventRecorder,
    { provide: SECURITY_EVENTS, useExisting: SecurityEventRecorder },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: [SECURITY_EVENTS],
})
export class SecurityModule {}
