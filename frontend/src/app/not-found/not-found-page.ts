import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

import { EmptyState } from '../shared/empty-state';
import { PageHeader } from '../shared/page-header';

@Component({
  selector: 'gg-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, RouterLink, EmptyState, PageHeader],
  template: `
    <gg-page-header heading="Page not found" />
    <gg-empty-state icon="error" title="There is nothing at this address" message="The link may be old or mistyped.">
      <a mat-flat-button routerLink="/generate">Go to Generate</a>
    </gg-empty-state>
  `,
})
export class NotFoundPage {}
