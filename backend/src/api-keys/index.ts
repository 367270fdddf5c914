/** What other features may use from api-keys (house style rule 13). */
export { ApiKeysModule, API_KEYS_ENTITIES } from './api-keys.module.js';
export { DEFAULT_ROTATION_GRACE_HOURS } from './api-key.service.js';
