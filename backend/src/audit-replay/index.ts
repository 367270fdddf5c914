/** What other parts may use from the auditor routes (house style rule 13). */
export { AuditReplayModule } from './audit-replay.module.js';
