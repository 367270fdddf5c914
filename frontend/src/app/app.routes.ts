import type { Routes } from '@angular/router';

/** One lazily loaded chunk per feature folder. */
export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'generate' },
  { path: 'generate', loadChildren: () => import('./generate/generate.routes').then((m) => m.GENERATE_ROUTES) },
  { path: 'tasks', loadChildren: () => import('./task/task.routes').then((m) => m.TASK_ROUTES) },
  { path: 'gallery', loadChildren: () => import('./gallery/gallery.routes').then((m) => m.GALLERY_ROUTES) },
  { path: 'admin', loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES) },
  {
    path: '**',
    title: 'Page not found',
    loadComponent: () => import('./not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
