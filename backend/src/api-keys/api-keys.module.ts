import { Global, Module } from '@nestjs/common';
import { API_KEY_VERIFIER } from '../platform/auth/credential-verifier.port.js';
import { ApiKeyCommands, ExecuteApiKeyCommandHandler } from './api-key-command.handler.js';
import { ApiKeyEntity } from './api-key-list/api-key.entity.js';
import { ApiKeyQuery } from './api-key-list/api-key.query.js';
import { ApiKeysProjector } from './api-key-list/api-keys.projector.js';
import { ApiKeyUsageEntity } from './api-key-usage/api-key-usage.entity.js';
import { ApiKeyUsageTracker } from './api-key-usage/api-key-usage.tracker.js';
import { ApiKeyService } from './api-key.service.js';
import { ApiKeysController } from './api-keys.controller.js';

export const API_KEYS_ENTITIES = [ApiKeyEntity, ApiKeyUsageEntity];

const COMMANDS = [ExecuteApiKeyCommandHandler, ApiKeyCommands];
const PROJECTORS = [ApiKeysProjector];
const QUERIES = [ApiKeyQuery];
const SERVICES = [ApiKeyService, ApiKeyUsageTracker, { provide: API_KEY_VERIFIER, useExisting: ApiKeyService }];

/** API keys (AUTH-3). Global: the platform's guard finds API_KEY_VERIFIER. */
@Global()
@Module({
  controllers: [ApiKeysController],
  providers: [...COMMANDS, ...PROJECTORS, ...QUERIES, ...SERVICES],
  exports: [API_KEY_VERIFIER],
})
export class ApiKeysModule {}
