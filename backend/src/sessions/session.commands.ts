import type { AccessCodeIssuedData, SessionIssuedData } from '../../../contracts/events/session-events.js';

/** Commands on one generation session (AUTH-2). Ids, hashes and times arrive from the caller. */
export type SessionCommand =
  | { type: 'IssueSession'; data: SessionIssuedData }
  | { type: 'RevokeSession'; data: { session_id: string; reason: 'logout' | 'admin' } }
  | { type: 'ExpireSession'; data: { session_id: string; at: string } };

/** Commands on one invite access code (AUTH-2 invite mode). */
export type AccessCodeCommand =
  | { type: 'IssueAccessCode'; data: AccessCodeIssuedData }
  | { type: 'RedeemAccessCode'; data: { code_id: string; presented_hash: string; session_id: string; at: string } }
  | { type: 'RevokeAccessCode'; data: { code_id: string } };
