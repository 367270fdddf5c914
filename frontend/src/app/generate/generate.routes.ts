import type { Routes } from '@angular/router';

import { GeneratePage } from './generate-page';

export const GENERATE_ROUTES: Routes = [{ path: '', title: 'Generate', component: GeneratePage }];
