import type { IconName } from '../shared/icon';

export interface NavItem {
  readonly label: string;
  readonly path: string;
  readonly icon: IconName;
}

/** Top-level destinations, in display order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Generate', path: '/generate', icon: 'generate' },
  { label: 'Gallery', path: '/gallery', icon: 'gallery' },
  { label: 'Admin', path: '/admin', icon: 'admin' },
];
