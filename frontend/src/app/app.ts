import { ChangeDetectionStrategy, Component, ElementRef, viewChild } from '@angular/core';
import { RouterOutlet } from '@angular/router';

import { AppBar } from './shell/app-bar';
import { ConnectionBanner } from './shell/connection-banner';

/** The application shell: app bar, connection status, and the routed page. */
@Component({
  selector: 'gg-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, AppBar, ConnectionBanner],
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App {
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');

  protected skipToContent(): void {
    this.main().nativeElement.focus();
  }
}
