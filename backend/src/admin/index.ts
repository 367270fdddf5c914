/** What other features may use from admin (house style rule 13). */
export { AdminModule, ADMIN_ENTITIES } from './admin.module.js';
export { AdminSessionGuard } from './admin-session.guard.js';
export { AdminAction } from './admin-action.decorator.js';
export { ADMIN_IDLE_TIMEOUT_SECONDS, ADMIN_SESSION_LIFETIME_SECONDS } from './admin-session.service.js';
