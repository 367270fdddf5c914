import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

import { EmptyState } from '../shared/empty-state';
import { PageHeader } from '../shared/page-header';

/** Placeholder for the paginated, filterable gallery (GAL-1, GAL-2). */
@Component({
  selector: 'gg-gallery-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, RouterLink, EmptyState, PageHeader],
  template: `
    <gg-page-header heading="Gallery" description="Your finished images and videos, newest first." />
    <gg-empty-state
      icon="gallery"
      title="No images or videos yet"
      message="Everything you generate lands here, ready to view, download or delete."
    >
      <a mat-flat-button routerLink="/generate">Start generating</a>
    </gg-empty-state>
  `,
})
export class GalleryPage {}
