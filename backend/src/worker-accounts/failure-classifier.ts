import type { FailureType } from '../../../contracts/events/account-events.js';
import type { WorkerCallError } from '../platform/worker-client/index.js';

/**
 * What a failed call says about the account (ADM-3): quota/auth/config need an admin; timeouts, 5xx and
 * network errors recover after a cool-down; a 429 is capacity (try another account), not a quota; answers
 * about the job itself (invalid, conflict) say nothing about the account.
 */
export function failureOf(error: WorkerCallError): FailureType | null {
  switch (error.kind) {
    case 'unauthorized':
      return 'auth_failed';
    case 'quota':
      return 'quota_exceeded';
    case 'server_error':
      return 'server_error';
    case 'timeout':
      return 'timeout';
    case 'network':
      return 'network';
    case 'not_found':
      return 'health_failed';
    case 'capacity':
    case 'conflict':
    case 'invalid':
      return null;
  }
}

/** Classifies the Modal CLI's output when a deploy fails. */
export function deployFailureOf(output: string, timedOut: boolean): FailureType {
  if (timedOut) return 'timeout';
  if (/unauthori[sz]ed|invalid token|authentication|token.*(invalid|expired)|401/i.test(output)) return 'auth_failed';
  if (/quota|spend(ing)? limit|billing|insufficient credits/i.test(output)) return 'quota_exceeded';
  if (/secret|environment variable|no such file|not found|config/i.test(output)) return 'config_failed';
  return 'deploy_failed';
}
