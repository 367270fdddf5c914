import type { IconName } from '../shared/icon';
import type { AdminIconName } from './shared/admin-icon';

export interface AdminNavItem {
  readonly label: string;
  /** The label on phones, where five tabs share 360 px. */
  readonly short: string;
  readonly path: string;
  /** Exact match only (the overview, whose path prefixes every other). */
  readonly exact: boolean;
  readonly icon: { readonly set: 'shared'; readonly name: IconName } | { readonly set: 'admin'; readonly name: AdminIconName };
}

/** The admin screens, in display order. */
export const ADMIN_NAV: readonly AdminNavItem[] = [
  { label: 'Overview', short: 'Overview', path: '/admin', exact: true, icon: { set: 'admin', name: 'dashboard' } },
  { label: 'Worker accounts', short: 'Workers', path: '/admin/accounts', exact: false, icon: { set: 'shared', name: 'accounts' } },
  { label: 'API keys', short: 'Keys', path: '/admin/api-keys', exact: false, icon: { set: 'shared', name: 'key' } },
  { label: 'Audit log', short: 'Audit', path: '/admin/audit', exact: false, icon: { set: 'shared', name: 'audit' } },
  { label: 'Task timeline', short: 'Tasks', path: '/admin/tasks', exact: false, icon: { set: 'shared', name: 'history' } },
];
