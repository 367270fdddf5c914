import type { Routes } from '@angular/router';

import { GalleryItemPage } from './gallery-item-page';
import { GalleryPage } from './gallery-page';

export const GALLERY_ROUTES: Routes = [
  { path: '', title: 'Gallery', component: GalleryPage },
  { path: ':id', title: 'Gallery item', component: GalleryItemPage },
];
