import type { AdminSessionIssuedData } from '../../../contracts/events/admin-session-events.js';

/** Commands on one admin session (AUTH-4). Times arrive from the caller's Clock. */
export type AdminSessionCommand =
  | { type: 'IssueAdminSession'; data: AdminSessionIssuedData }
  | { type: 'RevokeAdminSession'; data: { admin_session_id: string } }
  | { type: 'ExpireAdminSession'; data: { admin_session_id: string; reason: 'idle' | 'absolute'; at: string; last_activity_at: string } };
