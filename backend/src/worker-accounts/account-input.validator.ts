import { DomainError } from '../platform/errors/domain-error.js';
import type { NewAccount } from './account-admin.service.js';

interface FieldError {
  field: string;
  code: string;
  message: string;
}

const WORKSPACE = /^[a-z0-9-]{3,64}$/;

/** Checks an add-account body (ADM-1, SEC-3): every problem at once, as 422 validation_error. */
export function parseNewAccount(body: unknown): NewAccount {
  const input = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  const text = (field: string, min: number, max: number): string => {
    const value = input[field];
    if (typeof value !== 'string' || value.trim().length < min || value.length > max) {
      errors.push({ field, code: typeof value === 'string' ? 'out_of_range' : 'required', message: `${field} must be a string of ${min}–${max} characters` });
      return '';
    }
    return value.trim();
  };
  const kind = input.kind;
  if (kind !== 'http' && kind !== 'modal') errors.push({ field: 'kind', code: 'invalid_option', message: 'kind must be "http" (a worker URL, e.g. the simulator) or "modal"' });
  const label = text('label', 1, 128);
  const budget = input.monthly_budget_usd;
  if (budget !== undefined && budget !== null && (typeof budget !== 'number' || !Number.isFinite(budget) || budget < 0 || budget > 1_000_000)) {
    errors.push({ field: 'monthly_budget_usd', code: 'out_of_range', message: 'monthly_budget_usd must be a number from 0 to 1000000, or null' });
  }
  let account: NewAccount | null = null;
  if (kind === 'http') {
    const baseUrl = text('base_url', 8, 512);
    if (baseUrl && !isHttpUrl(baseUrl)) errors.push({ field: 'base_url', code: 'invalid', message: 'base_url must be an http(s) URL without credentials, query or fragment' });
    const token = text('token', 16, 512);
    account = { kind, label, base_url: baseUrl, token, monthly_budget_usd: (budget as number | null | undefined) ?? null };
  } else if (kind === 'modal') {
    const workspace = text('workspace', 3, 64);
    if (workspace && !WORKSPACE.test(workspace)) errors.push({ field: 'workspace', code: 'invalid', message: 'workspace must match ^[a-z0-9-]{3,64}$' });
    const tokenId = text('token_id', 4, 256);
    const tokenSecret = text('token_secret', 4, 256);
    const proxyKey = input.proxy_key === undefined ? undefined : text('proxy_key', 4, 256);
    const proxySecret = input.proxy_secret === undefined ? undefined : text('proxy_secret', 4, 256);
    if ((proxyKey === undefined) !== (proxySecret === undefined)) errors.push({ field: 'proxy_secret', code: 'required', message: 'proxy_key and proxy_secret go together' });
    account = { kind, label, workspace, token_id: tokenId, token_secret: tokenSecret, proxy_key: proxyKey, proxy_secret: proxySecret, monthly_budget_usd: (budget as number | null | undefined) ?? null };
  }
  const allowed = new Set(['kind', 'label', 'base_url', 'token', 'workspace', 'token_id', 'token_secret', 'proxy_key', 'proxy_secret', 'monthly_budget_usd']);
  for (const key of Object.keys(input)) if (!allowed.has(key)) errors.push({ field: key, code: 'unknown_field', message: `${key} is not an account field` });
  if (errors.length > 0 || !account) {
    throw new DomainError('validation_error', `The account is not valid: ${errors.map((error) => error.message).join('; ')}.`, {
      userAction: 'Fix the listed fields and submit again.',
      metadata: { fields: errors },
    });
  }
  return account;
}

export function parseBudget(body: unknown): number | null {
  const value = (body as { monthly_budget_usd?: unknown } | null)?.monthly_budget_usd;
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1_000_000) {
    throw new DomainError('validation_error', 'monthly_budget_usd must be a number from 0 to 1000000, or null.', {
      userAction: 'Send {"monthly_budget_usd": 50} or null for no budget.',
      metadata: { fields: [{ field: 'monthly_budget_usd', code: 'out_of_range', message: 'must be 0–1000000 or null' }] },
    });
  }
  return value;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !url.search && !url.hash;
  } catch {
    return false;
  }
}
