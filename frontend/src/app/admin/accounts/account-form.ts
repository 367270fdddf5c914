import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

import type { AccountKind, NewAccount } from '../shared/admin-api.types';

/** SEC-3: Modal workspace names (the server checks the same). */
export const WORKSPACE_PATTERN = /^[a-z0-9-]{3,64}$/;
export const MAX_BUDGET_USD = 1_000_000;

/** What the add-account form holds; fields of the other kind are ignored. */
export interface AccountFormValue {
  readonly kind: AccountKind;
  readonly label: string;
  readonly base_url: string;
  readonly token: string;
  readonly workspace: string;
  readonly token_id: string;
  readonly token_secret: string;
  readonly proxy_key: string;
  readonly proxy_secret: string;
  readonly monthly_budget_usd: number | null;
}

/** The `POST /admin/accounts` body: trimmed, only the chosen kind's fields, optional ones left out when empty. */
export function toNewAccount(value: AccountFormValue): NewAccount {
  const label = value.label.trim();
  const budget = value.monthly_budget_usd ?? null;
  const withBudget = budget === null ? {} : { monthly_budget_usd: budget };
  if (value.kind === 'http') {
    return { kind: 'http', label, base_url: value.base_url.trim(), token: value.token.trim(), ...withBudget };
  }
  const proxyKey = value.proxy_key.trim();
  const proxySecret = value.proxy_secret.trim();
  return {
    kind: 'modal',
    label,
    workspace: value.workspace.trim(),
    token_id: value.token_id.trim(),
    token_secret: value.token_secret.trim(),
    ...(proxyKey ? { proxy_key: proxyKey } : {}),
    ...(proxySecret ? { proxy_secret: proxySecret } : {}),
    ...withBudget,
  };
}

/** An http(s) URL with no user, password, query or fragment (the server's rule for worker URLs). */
export const httpUrlValidator: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const value = (control.value ?? '').trim();
  if (!value) return null;
  try {
    const url = new URL(value);
    const ok = (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !url.search && !url.hash;
    return ok ? null : { httpUrl: true };
  } catch {
    return { httpUrl: true };
  }
};

/** The sentence under a field for its first error. */
export function fieldMessage(label: string, errors: ValidationErrors | null): string | null {
  if (!errors) return null;
  if (errors['server']) return String(errors['server']);
  if (errors['required']) return `Enter the ${label.toLowerCase()}.`;
  if (errors['minlength']) return `At least ${errors['minlength'].requiredLength} characters.`;
  if (errors['maxlength']) return `At most ${errors['maxlength'].requiredLength} characters.`;
  if (errors['pattern']) return 'Use 3–64 lowercase letters, digits or hyphens.';
  if (errors['httpUrl']) return 'An http:// or https:// address without user, query or fragment.';
  if (errors['min']) return `At least ${errors['min'].min}.`;
  if (errors['max']) return `At most ${errors['max'].max.toLocaleString()}.`;
  if (errors['pair']) return 'Give both the proxy key and the proxy secret, or neither.';
  return 'Check this value.';
}
