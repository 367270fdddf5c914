import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS_DIR, SCREENSHOTS_DIR } from './paths.js';

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 360, height: 740 } as const;

/** Removes this suite's screenshots (and failure shots) of an earlier run, so the folders show this run only. */
export function clearScreenshots(prefix: string): void {
  for (const dir of [SCREENSHOTS_DIR, join(ARTIFACTS_DIR, 'browser-e2e')]) {
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(dir)) if (file.startsWith(`${prefix}-`) && file.endsWith('.png')) rmSync(join(dir, file), { force: true });
  }
}

export interface ShotOptions {
  /** Painted over with a solid box (a once-shown secret, for instance). */
  readonly mask?: readonly Locator[];
}

/**
 * What a person sees of the current screen at desktop (1280×800) and phone (360×740) width:
 * `<name>--desktop.png` and `<name>--phone.png`. The page is left at desktop width.
 */
export async function screenshotScreen(page: Page, name: string, options: ShotOptions = {}): Promise<string[]> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const paths: string[] = [];
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(size);
    await settled(page);
    const path = join(SCREENSHOTS_DIR, `${name}--${label}.png`);
    await page.screenshot({ path, animations: 'disabled', caret: 'hide', mask: options.mask ? [...options.mask] : undefined, maskColor: '#444' });
    paths.push(path);
  }
  await page.setViewportSize(DESKTOP);
  await settled(page);
  return paths;
}

/** Layout after a resize, web fonts and the images in view are done. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await document.fonts.ready;
    await frame();
    const inView = (image: HTMLImageElement) => {
      const box = image.getBoundingClientRect();
      return box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
    };
    const pending = [...document.images].filter((image) => !image.complete && inView(image));
    await Promise.all(pending.map((image) => new Promise((resolve) => {
      image.addEventListener('load', resolve, { once: true });
      image.addEventListener('error', resolve, { once: true });
    })));
    await frame();
  });
}
