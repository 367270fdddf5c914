import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (no browser download). CHROMIUM_PATH, when set, is the only
 * candidate (a wrong path is reported, not papered over); otherwise the usual Debian/Ubuntu paths.
 */
export const chromiumPath: string | undefined = process.env.CHROMIUM_PATH
  ? existsSync(process.env.CHROMIUM_PATH)
    ? process.env.CHROMIUM_PATH
    : undefined
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

/** CI lists the services it installed; a listed one must not be skipped. (`browser` is the CSP test's name.) */
export const chromiumRequired = (process.env.REQUIRE_SERVICES ?? '')
  .split(',')
  .map((name) => name.trim())
  .some((name) => name === 'chromium' || name === 'browser');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error('no Chromium');
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * `describe` when Chromium is there. Without it: a loud notice on stderr and one skipped test — or a
 * failing one when REQUIRE_SERVICES names chromium (CI installs it, so its absence there is a failure).
 */
export function describeInChromium(title: string, body: () => void): void {
  if (chromiumPath) {
    describe(title, body);
    return;
  }
  const why = process.env.CHROMIUM_PATH
    ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`
    : 'no Chromium (apt-get install chromium, or set CHROMIUM_PATH)';
  describe(title, () => {
    if (chromiumRequired) {
      it('needs Chromium (REQUIRE_SERVICES includes chromium)', () => {
        throw new Error(`${title}: ${why}, and REQUIRE_SERVICES includes chromium`);
      });
    } else {
      process.stderr.write(`\n!!! SKIPPED: ${title} — ${why}\n\n`);
      it.skip(`${title} (skipped: ${why})`, () => undefined);
    }
  });
}
