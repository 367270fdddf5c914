import type { Page, Request } from 'playwright-core';

interface Allowance {
  readonly status: number;
  readonly url: RegExp;
  readonly method?: string;
}

/**
 * Everything that went wrong in one page: console errors, uncaught exceptions, failed requests and HTTP
 * answers ≥ 400 — except the answers a test provokes on purpose (`allow`). Also records the API requests
 * the page sent, so a test can assert that nothing was sent.
 */
export class PageWatch {
  private readonly problems: string[] = [];
  private readonly allowed: Allowance[] = [];
  private readonly sent: { method: string; url: string }[] = [];

  constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location().url;
      // Chromium logs every error answer once more as "Failed to load resource: … status of 404 (…)".
      const status = /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text())?.[1];
      if (status && this.isAllowed(Number(status), where)) return;
      this.problems.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
    });
    page.on('pageerror', (error) => this.problems.push(`uncaught exception: ${error.message}`));
    page.on('request', (request) => {
      if (request.resourceType() === 'fetch' || request.resourceType() === 'xhr') this.sent.push({ method: request.method(), url: request.url() });
    });
    page.on('requestfailed', (request) => {
      if (isBenignAbort(request)) return;
      this.problems.push(`request failed: ${request.method()} ${request.url()} — ${request.failure()?.errorText}`);
    });
    page.on('response', (response) => {
      if (response.status() < 400) return;
      const request = response.request();
      if (!this.isAllowed(response.status(), response.url(), request.method())) {
        this.problems.push(`HTTP ${response.status()}: ${request.method()} ${response.url()}`);
      }
    });
  }

  /** A test expects this error answer (a deliberate 4xx); it is not a problem. */
  allow(status: number, url: RegExp, method?: string): this {
    this.allowed.push({ status, url, method });
    return this;
  }

  private isAllowed(status: number, url: string, method?: string): boolean {
    return this.allowed.some((rule) => rule.status === status && rule.url.test(url) && (!rule.method || !method || rule.method === method));
  }

  /** API calls (fetch/XHR) sent so far whose method and path match. */
  requests(method: string, path: RegExp): string[] {
    return this.sent.filter((entry) => entry.method === method && path.test(new URL(entry.url).pathname)).map((entry) => entry.url);
  }

  /** The problems so far (and forgets them). */
  take(): string[] {
    return this.problems.splice(0);
  }
}

/**
 * `net::ERR_ABORTED` on a read is the page cancelling it, not a failure: leaving a page cancels its event
 * stream, lazy-chunk preloads and gallery reads in flight; a `<video preload=metadata>` stops its first
 * read early; a download is handed from the page to the download manager. An aborted write (POST, DELETE)
 * is still reported, as is every other network error (refused, reset, blocked by CSP, …).
 */
function isBenignAbort(request: Request): boolean {
  return request.failure()?.errorText === 'net::ERR_ABORTED' && ['GET', 'HEAD'].includes(request.method());
}
