import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

import { EmptyState } from '../shared/empty-state';
import { PageHeader } from '../shared/page-header';

/** Placeholder until the catalog-driven generation form (CAT-3, GEN-1) lands here. */
@Component({
  selector: 'gg-generate-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, RouterLink, EmptyState, PageHeader],
  template: `
    <gg-page-header heading="Generate" description="Describe an image or a video, pick a model, and let the GPUs do the rest." />
    <gg-empty-state
      icon="generate"
      title="The studio is being set up"
      message="Soon you will write your prompt here, add reference images and choose a model. Finished work appears in your gallery."
    >
      <a mat-stroked-button routerLink="/gallery">Open the gallery</a>
    </gg-empty-state>
  `,
})
export class GeneratePage {}
