/**
 * The one table from error code to HTTP status. Every coded error a feature throws is listed here, so the
 * status for a code is decided once (house style rule 9). Unknown codes answer 500 and are logged.
 */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  // request shape
  validation_error: 422,
  bad_request: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  // concurrency and state
  concurrency_conflict: 409,
  event_id_conflict: 409,
  illegal_transition: 409,
  idempotency_key_reused: 422,
  // generation
  task_not_found: 404,
  task_not_cancelable: 409,
  task_not_retryable: 409,
  task_active: 409,
  result_not_ready: 404,
  result_file_missing: 410,
  preview_not_ready: 404,
  no_ready_workers: 503,
  too_many_active_tasks: 429,
  // auth (AUTH-5)
  invalid_api_key: 401,
  session_required: 401,
  session_expired: 401,
  admin_session_required: 401,
  admin_key_invalid: 401,
  insufficient_scope: 403,
  forbidden: 403,
  rate_limited: 429,
  cors_origin_blocked: 400,
  auth_unavailable: 503,
  invalid_worker_token: 401,
  // admin
  account_not_found: 404,
  api_key_not_found: 404,
  access_code_not_found: 404,
  stream_not_found: 404,
  projection_not_found: 404,
  rebuild_in_progress: 409,
  // platform
  service_unavailable: 503,
  internal_error: 500,
};

export function statusForCode(code: string): number | undefined {
  return ERROR_STATUS[code];
}
