import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatCardModule } from '@angular/material/card';

import { EmptyState } from '../shared/empty-state';
import { Icon } from '../shared/icon';
import { PageHeader } from '../shared/page-header';
import { ADMIN_SECTIONS } from './admin-sections';

/** Placeholder for the admin area (ADM, AUTH-3, AUTH-4, AUD). */
@Component({
  selector: 'gg-admin-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatCardModule, EmptyState, Icon, PageHeader],
  templateUrl: './admin-page.html',
  styleUrl: './admin-page.scss',
})
export class AdminPage {
  protected readonly sections = ADMIN_SECTIONS;
}
