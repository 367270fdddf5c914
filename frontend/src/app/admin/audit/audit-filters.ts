import type { AuditQuery } from '../shared/admin-api.types';

/** Rows per page of the audit view. */
export const AUDIT_PAGE_SIZE = 50;

/** The audit filters as they live in the URL (`from`/`to` ISO-8601; '' = no filter). */
export interface AuditFilters {
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  readonly outcome: string;
  readonly from: string;
  readonly to: string;
}

export const NO_FILTERS: AuditFilters = { actor: '', action: '', target: '', outcome: '', from: '', to: '' };

const KEYS = ['actor', 'action', 'target', 'outcome', 'from', 'to'] as const;

/** Filters from query parameters; anything missing is empty. */
export function filtersFrom(params: Partial<Record<keyof AuditFilters, string | undefined>>): AuditFilters {
  const filters: Record<string, string> = {};
  for (const key of KEYS) filters[key] = (params[key] ?? '').trim();
  return filters as unknown as AuditFilters;
}

export function hasFilters(filters: AuditFilters): boolean {
  return KEYS.some((key) => filters[key] !== '');
}

/** The `GET /admin/audit` query for one page: set filters only, the cursor when paging back in time. */
export function auditQuery(filters: AuditFilters, cursor?: string): AuditQuery {
  const query: Record<string, string | number> = {};
  for (const key of KEYS) if (filters[key]) query[key] = filters[key];
  if (cursor) query['cursor'] = cursor;
  query['limit'] = AUDIT_PAGE_SIZE;
  return query as AuditQuery;
}

/** Query parameters for the router: every filter key present, null for "remove from the URL". */
export function filterParams(filters: AuditFilters, cursor?: string): Record<string, string | null> {
  const params: Record<string, string | null> = {};
  for (const key of KEYS) params[key] = filters[key] || null;
  params['cursor'] = cursor || null;
  return params;
}

/** ISO-8601 → the value of an `<input type="datetime-local">` in the browser's time zone. */
export function toLocalInput(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The value of an `<input type="datetime-local">` (local time) → ISO-8601 UTC, '' when empty or invalid. */
export function fromLocalInput(local: string): string {
  if (!local) return '';
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
