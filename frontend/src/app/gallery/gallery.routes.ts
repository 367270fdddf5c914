import type { Routes } from '@angular/router';

import { GalleryPage } from './gallery-page';

export const GALLERY_ROUTES: Routes = [{ path: '', title: 'Gallery', component: GalleryPage }];
