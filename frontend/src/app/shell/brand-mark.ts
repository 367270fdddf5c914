import { ChangeDetectionStrategy, Component } from '@angular/core';

/** The product logo: two linked rings on a violet-to-magenta tile (the same art as the favicon). */
@Component({
  selector: 'gg-brand-mark',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="gg-brand-gradient" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stop-color="#7c4dff" />
          <stop offset="1" stop-color="#d81b60" />
        </linearGradient>
      </defs>
      <rect width="64" height="64" rx="16" fill="url(#gg-brand-gradient)" />
      <circle cx="23" cy="32" r="11" fill="none" stroke="#fff" stroke-width="6" />
      <circle cx="41" cy="32" r="11" fill="none" stroke="#fff" stroke-width="6" />
    </svg>
  `,
  styles: `
    :host { display: inline-flex; inline-size: 32px; block-size: 32px; flex: none; }
    svg { inline-size: 100%; block-size: 100%; }
  `,
})
export class BrandMark {}
