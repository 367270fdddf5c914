import type { BadgeTone } from './admin-badge';
import type { AccountStatus, AccessCodeInfo, ApiKeyInfo, ProjectionHealth } from './admin-api.types';

export interface BadgeView {
  readonly label: string;
  readonly tone: BadgeTone;
  readonly busy: boolean;
}

const ACCOUNT_BADGES: Readonly<Record<AccountStatus, BadgeView>> = {
  pending: { label: 'Pending', tone: 'neutral', busy: false },
  deploying: { label: 'Deploying', tone: 'progress', busy: true },
  checking: { label: 'Checking', tone: 'attention', busy: true },
  ready: { label: 'Ready', tone: 'success', busy: false },
  failed: { label: 'Failed', tone: 'danger', busy: false },
  disabled: { label: 'Disabled', tone: 'muted', busy: false },
};

/** ADM-2: every account state has its own colour, dot and word. */
export function accountBadge(status: AccountStatus): BadgeView {
  return ACCOUNT_BADGES[status] ?? { label: status, tone: 'neutral', busy: false };
}

export function keyBadge(status: ApiKeyInfo['status'] | AccessCodeInfo['status']): BadgeView {
  switch (status) {
    case 'active':
      return { label: 'Active', tone: 'success', busy: false };
    case 'expired':
      return { label: 'Expired', tone: 'muted', busy: false };
    case 'used_up':
      return { label: 'Used up', tone: 'neutral', busy: false };
    case 'revoked':
      return { label: 'Revoked', tone: 'danger', busy: false };
    default:
      return { label: String(status), tone: 'neutral', busy: false };
  }
}

export function outcomeBadge(outcome: string): BadgeView {
  switch (outcome) {
    case 'success':
      return { label: 'Success', tone: 'success', busy: false };
    case 'denied':
      return { label: 'Denied', tone: 'danger', busy: false };
    case 'throttled':
      return { label: 'Throttled', tone: 'attention', busy: false };
    default:
      return { label: outcome, tone: 'neutral', busy: false };
  }
}

export function projectionBadge(state: ProjectionHealth['state']): BadgeView {
  switch (state) {
    case 'running':
      return { label: 'Running', tone: 'success', busy: false };
    case 'parked':
      return { label: 'Parked', tone: 'danger', busy: false };
    default:
      return { label: 'Stopped', tone: 'muted', busy: false };
  }
}

export function formatUsd(amount: number | null | undefined): string {
  if (amount == null || !Number.isFinite(amount)) return '—';
  return amount.toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: amount < 1 && amount > 0 ? 4 : 2 });
}

export function formatCount(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? '—' : value.toLocaleString();
}

/** "in 3 h", "5 min ago", "just now"; "—" without a time. */
export function formatRelative(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '—';
  const seconds = Math.round((time - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  const [amount, unit] = abs < 3600 ? [Math.round(abs / 60), 'min'] : abs < 86_400 * 2 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86_400), 'days'];
  return seconds > 0 ? `in ${amount} ${unit}` : `${amount} ${unit} ago`;
}

/** Local time with seconds, for event and audit rows: "27 Nov 2026, 08:47:03". */
export function formatPreciseTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** JSON for people: two-space indent; strings stay as they are. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '—';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

const LONG_ID = /^([a-z_]+:)?([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `admin:3d6e1155-dd22-…` → `admin:3d6e1155…` for narrow columns (show the full value in a title). */
export function shortActor(actor: string): string {
  const match = LONG_ID.exec(actor);
  return match ? `${match[1] ?? ''}${match[2]}…` : actor;
}

/** Date and time on two lines for tables: "27 Nov 2026" and "09:58:20". */
export function splitTime(iso: string | null | undefined): { date: string; time: string } {
  if (!iso) return { date: '—', time: '' };
  const value = new Date(iso);
  if (Number.isNaN(value.getTime())) return { date: '—', time: '' };
  return {
    date: value.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }),
    time: value.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
  };
}
