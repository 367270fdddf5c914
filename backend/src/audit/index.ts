/** What other features may use from audit (house style rule 13). */
export { AuditModule, AUDIT_ENTITIES } from './audit.module.js';
export { AuditQuery, type AuditFilter, type AuditPage, type AuditEntryView } from './audit.query.js';
export { AUDITED_EVENT_TYPES } from './audit-event-map.js';
