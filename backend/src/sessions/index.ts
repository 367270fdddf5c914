/** What other features may use from sessions (house style rule 13). */
export { SessionsModule, SESSIONS_ENTITIES } from './sessions.module.js';
export { SESSION_LIFETIME_SECONDS } from './session.service.js';
