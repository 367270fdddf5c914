import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR } from './paths.js';

/** On a failed scenario: what each open page showed, under test-artifacts/browser-e2e/ (kept by CI). */
export async function failureShot(suite: string, scenario: string, pages: readonly Page[]): Promise<void> {
  const dir = join(ARTIFACTS_DIR, 'browser-e2e');
  mkdirSync(dir, { recursive: true });
  const slug = scenario.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 60).toLowerCase();
  await Promise.all(
    pages.map((page, index) =>
      page.screenshot({ path: join(dir, `${suite}-FAILED-${slug}-${index + 1}.png`), fullPage: true }).catch(() => undefined),
    ),
  );
  for (const [index, page] of pages.entries()) process.stderr.write(`[browser e2e] ${suite} failed at ${page.url()} (screenshot ${suite}-FAILED-${slug}-${index + 1}.png)\n`);
}
