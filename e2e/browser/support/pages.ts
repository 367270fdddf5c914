import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { sniffMedia } from './media.js';

/**
 * The screens of the web app, reached through roles and labels only (what a screen reader user would use).
 * Where the app offers no accessible handle, the helper says so in a comment.
 */

const UI_TIMEOUT = 20_000;

export class GenerateScreen {
  constructor(readonly page: Page) {}

  get form(): Locator {
    return this.page.getByRole('form', { name: 'Generation settings' });
  }
  get prompt(): Locator {
    return this.page.getByRole('textbox', { name: 'Prompt', exact: true });
  }
  get advanced(): Locator {
    return this.page.getByRole('switch', { name: /^Advanced/ });
  }
  get submit(): Locator {
    return this.page.getByRole('button', { name: 'Generate', exact: true });
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/generate`);
    await this.form.waitFor({ timeout: UI_TIMEOUT });
  }

  /** The form remembers earlier edits (GAL-3): start each scenario from the catalog defaults. */
  async reset(): Promise<void> {
    await this.page.getByRole('button', { name: 'Reset to defaults' }).click();
  }

  async pickModel(name: RegExp): Promise<void> {
    await this.page.getByRole('group', { name: 'Model' }).getByRole('radio', { name }).check();
  }

  async pickMode(name: string): Promise<void> {
    await this.page.getByRole('group', { name: 'Mode' }).getByRole('radio', { name, exact: true }).check();
  }

  async setAdvanced(on: boolean): Promise<void> {
    if ((await this.advanced.getAttribute('aria-checked')) !== String(on)) await this.advanced.click();
    await this.page.getByRole('switch', { name: /^Advanced/, checked: on }).waitFor();
  }

  /** A number field by its label (sliders have a twin slider; this is the typed box). */
  number(label: string): Locator {
    return this.page.getByRole('spinbutton', { name: label, exact: true });
  }

  async choose(label: string, option: string): Promise<void> {
    await this.page.getByRole('combobox', { name: label, exact: true }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
    await this.page.getByRole('listbox').waitFor({ state: 'detached' });
  }

  /** Submits and waits for the watch page; answers the new task's id. */
  async generate(): Promise<string> {
    await this.submit.click();
    await this.page.waitForURL(/\/tasks\/[^/?#]+$/, { timeout: UI_TIMEOUT });
    return new URL(this.page.url()).pathname.split('/').pop()!;
  }
}

export class TaskScreen {
  constructor(readonly page: Page) {}

  get main(): Locator {
    return this.page.getByRole('main');
  }
  get progress(): Locator {
    return this.page.getByRole('progressbar', { name: 'Progress' });
  }
  get cancel(): Locator {
    return this.page.getByRole('button', { name: 'Cancel', exact: true });
  }
  get download(): Locator {
    return this.page.getByRole('link', { name: 'Download' });
  }

  /**
   * The status chip ("Queued", "Generating", "Done", "Failed", "Canceled"). It has no role or label of its
   * own, so it is found by its exact text inside the main region.
   */
  status(label: 'Queued' | 'Generating' | 'Done' | 'Failed' | 'Canceled'): Locator {
    return this.main.getByText(label, { exact: true }).first();
  }

  async waitForStatus(label: 'Done' | 'Failed' | 'Canceled', timeout = 60_000): Promise<void> {
    await this.status(label).waitFor({ timeout });
  }

  /** The progress bar's value while the task runs (null once it is gone). */
  async progressValue(): Promise<number | null> {
    const value = await this.progress.getAttribute('aria-valuenow', { timeout: 1_000 }).catch(() => null);
    return value === null ? null : Number(value);
  }

  /** Waits until the live progress bar shows a value strictly between `above` and 100. */
  async waitForProgressAbove(above: number, timeout = 30_000): Promise<number> {
    const handle = await this.progress.elementHandle({ timeout: UI_TIMEOUT });
    const value = await this.page.waitForFunction(
      ([bar, min]) => {
        const now = Number((bar as Element).getAttribute('aria-valuenow'));
        return now > (min as number) && now < 100 ? now : false;
      },
      [handle, above] as const,
      { timeout, polling: 'raf' },
    );
    return (await value.jsonValue()) as number;
  }
}

export class GalleryScreen {
  constructor(readonly page: Page) {}

  get outputs(): Locator {
    return this.page.getByRole('list', { name: 'Outputs' });
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/gallery`);
    await this.page.getByRole('heading', { name: 'Gallery', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
  }

  /** A tile, by the prompt in its accessible name. */
  tile(prompt: string): Locator {
    return this.outputs.getByRole('link', { name: new RegExp(escapeRegExp(prompt)) });
  }

  async waitForLoaded(): Promise<void> {
    await this.page.getByRole('progressbar', { name: 'Loading the gallery' }).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  }
}

/** Clicks a link with a `download` attribute and checks what arrived, by its bytes. */
export async function downloadFrom(link: Locator): Promise<{ kind: ReturnType<typeof sniffMedia>; name: string; bytes: number }> {
  const [download] = await Promise.all([link.page().waitForEvent('download', { timeout: UI_TIMEOUT }), link.click()]);
  const failure = await download.failure();
  if (failure) throw new Error(`download failed: ${failure}`);
  const bytes = await readFile((await download.path())!);
  return { kind: sniffMedia(bytes), name: download.suggestedFilename(), bytes: bytes.length };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
