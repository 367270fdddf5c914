import type { Routes } from '@angular/router';

import { AdminPage } from './admin-page';

/** Sub-features (`accounts`, `api-keys`, `audit`, `events`) will be child routes here. */
export const ADMIN_ROUTES: Routes = [{ path: '', title: 'Admin', component: AdminPage }];
