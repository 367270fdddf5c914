import type { IconName } from '../shared/icon';

export interface AdminSection {
  readonly title: string;
  readonly description: string;
  readonly icon: IconName;
}

/** The admin areas to come, each its own feature folder under `admin/`. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  {
    title: 'Worker accounts',
    description: 'Add GPU workspaces, deploy them, check their health and budgets.',
    icon: 'accounts',
  },
  {
    title: 'API keys',
    description: 'Issue, rotate and revoke keys for scripts and other API clients.',
    icon: 'key',
  },
  {
    title: 'Audit log',
    description: 'Every login, key and account change, with who, where and when.',
    icon: 'audit',
  },
  {
    title: 'Event history',
    description: 'Replay a task’s timeline, verify the log and rebuild read models.',
    icon: 'history',
  },
];
