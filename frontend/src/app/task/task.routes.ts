import type { Routes } from '@angular/router';

import { TaskPage } from './task-page';

export const TASK_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: '/gallery' },
  { path: ':id', title: 'Task', component: TaskPage },
];
