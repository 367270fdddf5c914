import type { Routes } from '@angular/router';

import { AdminShell } from './admin-shell';
import { AdminLoginPage } from './login/admin-login-page';
import { adminLoginGuard, adminSessionGuard } from './shared/admin-session.guard';

/**
 * `/admin/login` is open; every other admin screen needs a live admin session (AUTH-4) and is loaded
 * on first use. UI paths avoid the API-only ones (see frontend/README.md, "Served by the backend").
 */
export const ADMIN_ROUTES: Routes = [
  { path: 'login', title: 'Admin sign-in', canActivate: [adminLoginGuard], component: AdminLoginPage },
  {
    path: '',
    component: AdminShell,
    canActivate: [adminSessionGuard],
    canActivateChild: [adminSessionGuard],
    children: [
      { path: '', title: 'Admin overview', loadComponent: () => import('./dashboard/dashboard-page').then((m) => m.DashboardPage) },
      { path: 'accounts', title: 'Worker accounts', loadComponent: () => import('./accounts/accounts-page').then((m) => m.AccountsPage) },
      { path: 'api-keys', title: 'API keys', loadComponent: () => import('./api-keys/api-keys-page').then((m) => m.ApiKeysPage) },
      { path: 'audit', title: 'Audit log', loadComponent: () => import('./audit/audit-page').then((m) => m.AuditPage) },
      { path: 'tasks', title: 'Task timeline', loadComponent: () => import('./events/task-timeline-page').then((m) => m.TaskTimelinePage) },
      { path: 'tasks/:id', title: 'Task timeline', loadComponent: () => import('./events/task-timeline-page').then((m) => m.TaskTimelinePage) },
    ],
  },
];
