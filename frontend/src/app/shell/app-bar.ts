import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive } from '@angular/router';

import { Icon } from '../shared/icon';
import { BrandMark } from './brand-mark';
import { NAV_ITEMS } from './nav-items';

/**
 * Product name and the main navigation. On wide screens the links sit in the top bar; below 600 px they
 * become a bottom navigation bar within thumb reach.
 */
@Component({
  selector: 'gg-app-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterLinkActive, Icon, BrandMark],
  templateUrl: './app-bar.html',
  styleUrl: './app-bar.scss',
})
export class AppBar {
  protected readonly navItems = NAV_ITEMS;
}
