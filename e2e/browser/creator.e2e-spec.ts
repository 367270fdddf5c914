import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { describeInChromium, launchChromium } from './support/chromium.js';
import { PageWatch } from './support/page-watch.js';
import { GalleryScreen, GenerateScreen, TaskScreen, downloadFrom } from './support/pages.js';
import { clearScreenshots, DESKTOP, screenshotScreen } from './support/screens.js';
import { startProduct, type RunningProduct } from './support/server.js';
import { failureShot } from './support/failure.js';

/**
 * A creator in Chromium against the product started as in the README (`node scripts/start.mjs`: server,
 * web app and simulator worker): the silent session, an image and a video generated, watched, played and
 * downloaded, the gallery after a reload, a delete, a cancel, and a form that refuses bad input.
 * One browser context = one creator; the scenarios build on each other in order.
 */
describeInChromium('Browser e2e: creator flows (SC-3, GEN-1..5, GAL-1..3, CAT-3)', () => {
  let product: RunningProduct;
  let browser: Browser;
  let context: BrowserContext;
  let open: { page: Page; watch: PageWatch }[] = [];

  const run = Date.now().toString(36);
  const imagePrompt = `a red fox in fresh snow, e2e ${run}`;
  const videoPrompt = `a paper boat drifting on a pond, e2e ${run}`;
  const longPrompt = `a slow sunrise over the mountains, e2e ${run}`;
  let imageId: string | undefined;
  let videoId: string | undefined;

  beforeAll(async () => {
    clearScreenshots('creator');
    product = await startProduct({ name: 'creator' });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  }, 240_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await product?.stop();
  }, 30_000);

  afterEach(async () => {
    await Promise.all(open.map(({ page }) => page.close().catch(() => undefined)));
    open = [];
  });

  async function newPage(): Promise<{ page: Page; watch: PageWatch }> {
    const page = await context.newPage();
    const entry = { page, watch: new PageWatch(page) };
    open.push(entry);
    return entry;
  }

  /** A scenario; on failure the open pages are saved under test-artifacts/browser-e2e/. */
  function scenario(name: string, body: () => Promise<void>, timeout = 60_000): void {
    it(name, async () => {
      try {
        await body();
      } catch (error) {
        await failureShot('creator', name, open.map((entry) => entry.page));
        throw error;
      }
    }, timeout);
  }

  async function apiStatus(id: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await context.request.get(`${product.url}/status/${id}`);
    return { status: response.status(), body: (await response.json()) as Record<string, unknown> };
  }

  scenario('SC-3: opening / lands on the form with a session obtained silently — no key typed', async () => {
    const { page, watch } = await newPage();
    await page.goto(`${product.url}/`);
    await page.waitForURL(/\/generate$/);
    const form = new GenerateScreen(page);
    await form.form.waitFor();

    // Nobody was asked for a key: no key or code field anywhere, yet the session exists.
    expect(await page.getByLabel(/api key|admin key|access code|password/i).count()).toBe(0);
    expect(watch.requests('POST', /^\/auth\/session$/)).toHaveLength(1);
    const cookie = (await context.cookies(product.url)).find((entry) => entry.name === 'gg_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const session = await page.evaluate(async () => (await fetch('/auth/session', { credentials: 'include' })).json());
    expect(session).toMatchObject({ valid: true });
    // The catalog drives the form: the four families are offered.
    await expect(page.getByRole('group', { name: 'Model' }).getByRole('radio').count()).resolves.toBe(4);

    await screenshotScreen(page, 'creator-01-generate-form');
    expect(watch.take()).toEqual([]);
  });

  scenario('GEN-1..4: an image (Flux) — submitted, progress watched live, shown, downloaded as a PNG', async () => {
    const { page, watch } = await newPage();
    const form = new GenerateScreen(page);
    await form.open(product.url);
    await form.reset();
    await form.pickModel(/^Flux/);
    await form.setAdvanced(true);
    await form.prompt.fill(imagePrompt);
    await form.number('Width').fill('512');
    await form.number('Height').fill('512');
    // 150 steps (the accepted maximum): ~6 s at SIMULATOR_SPEED=0.1, so the live progress is on screen
    // long enough to be seen even on a busy CI box.
    await form.number('Steps').fill('150');
    imageId = await form.generate();

    const task = new TaskScreen(page);
    await page.getByRole('heading', { name: /^Image · Flux/, level: 1 }).waitFor();
    const seen = await task.waitForProgressAbove(0);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(100);
    await task.waitForStatus('Done');
    await expect(task.progress.count()).resolves.toBe(0);

    const image = page.getByRole('img', { name: imagePrompt, exact: true });
    await image.waitFor();
    await waitForImage(image);
    expect(await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([512, 512]);
    await screenshotScreen(page, 'creator-02-task-done-image');

    const file = await downloadFrom(task.download);
    expect(file.kind).toBe('png');
    expect(file.name).toMatch(/\.png$/);
    expect(file.bytes).toBeGreaterThan(1_000);
    expect(watch.take()).toEqual([]);
  });

  scenario('GEN-4, SC-3, GAL-3: a short video (AniSora t2v, 256×256, 17 frames) — the form survives a reload; the video plays, seeks, downloads as an MP4', async () => {
    const { page, watch } = await newPage();
    const form = new GenerateScreen(page);
    await form.open(product.url);
    await form.reset();
    await form.pickModel(/^Index-AniSora/);
    await form.pickMode('Text to video');
    await form.setAdvanced(true); // 256 px and 17 frames are accepted, not recommended
    await form.prompt.fill(videoPrompt);
    await form.number('Width').fill('256');
    await form.number('Height').fill('256');
    await form.number('Frames').fill('17');
    // GAL-3: the form survives a reload. It is saved 300 ms after the last change (and not flushed when the
    // page unloads), so wait until it is stored, as any person's pause would: a reload within those 300 ms
    // loses the edits (reported).
    await page.waitForFunction((text) => Object.values(localStorage).some((value) => value.includes(text)), videoPrompt);
    await page.reload();
    await form.form.waitFor();
    await expect(form.prompt.inputValue()).resolves.toBe(videoPrompt);
    await expect(form.number('Width').inputValue()).resolves.toBe('256');
    await expect(form.number('Frames').inputValue()).resolves.toBe('17');
    expect(await form.advanced.getAttribute('aria-checked')).toBe('true');
    expect(await page.getByRole('group', { name: 'Model' }).getByRole('radio', { name: /^Index-AniSora/ }).isChecked()).toBe(true);
    videoId = await form.generate();

    const task = new TaskScreen(page);
    await page.getByRole('heading', { name: /^Video · Index-AniSora/, level: 1 }).waitFor();
    await task.waitForStatus('Done');

    // <video> has no implicit role; the app labels it with the prompt.
    const video = page.getByLabel(videoPrompt, { exact: true });
    await video.waitFor();
    const playback = await video.evaluate(playAndSeek);
    expect(playback.error).toBeNull();
    expect(playback.readyState).toBeGreaterThanOrEqual(2);
    expect(playback.duration).toBeCloseTo(17 / 16, 1);
    expect(playback.playedTo).toBeGreaterThan(0);
    expect(Math.abs(playback.seekedTo - playback.target)).toBeLessThan(0.1);
    expect(playback.readyStateAfterSeek).toBeGreaterThanOrEqual(2);
    await screenshotScreen(page, 'creator-03-task-done-video');

    const file = await downloadFrom(task.download);
    expect(file.kind).toBe('mp4');
    expect(file.name).toMatch(/\.mp4$/);
    expect(watch.take()).toEqual([]);
  });

  scenario('GAL-1, GAL-2, GAL-3: both outputs are in the gallery after a reload; one is deleted with confirmation and is gone', async () => {
    if (!imageId || !videoId) throw new Error('needs the image and the video of the earlier scenarios');
    const { page, watch } = await newPage();
    const gallery = new GalleryScreen(page);
    await gallery.open(product.url);
    await page.reload();
    await gallery.waitForLoaded();
    await gallery.tile(imagePrompt).waitFor();
    await gallery.tile(videoPrompt).waitFor();
    // Newest first: the video was made after the image.
    const names: string[] = await gallery.outputs.getByRole('link').allInnerTexts();
    expect(names.findIndex((name) => name.includes(videoPrompt))).toBeLessThan(names.findIndex((name) => name.includes(imagePrompt)));
    await screenshotScreen(page, 'creator-04-gallery');

    await gallery.tile(imagePrompt).click();
    await page.waitForURL(new RegExp(`/gallery/${imageId}`));
    await page.getByRole('heading', { name: /^Flux/, level: 1 }).waitFor();
    await waitForImage(page.getByRole('img', { name: imagePrompt, exact: true }));
    await screenshotScreen(page, 'creator-05-gallery-item');

    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete this output?' });
    await dialog.waitFor();
    await screenshotScreen(page, 'creator-06-delete-confirm');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/\/gallery(\?.*)?$/);
    await gallery.waitForLoaded();
    await gallery.tile(videoPrompt).waitFor();
    await gallery.tile(imagePrompt).waitFor({ state: 'detached' });

    await page.reload();
    await gallery.waitForLoaded();
    await gallery.tile(videoPrompt).waitFor();
    await expect(gallery.tile(imagePrompt).count()).resolves.toBe(0);

    // GAL-2: its file and its status are gone for good.
    const result = await context.request.get(`${product.url}/results/${imageId}`);
    expect(result.status()).toBe(404);
    expect(await apiStatus(imageId)).toMatchObject({ status: 404, body: { code: 'task_not_found' } });

    // Its old address now says so (the 404 is the point here).
    watch.allow(404, new RegExp(`/status/${imageId}$`), 'GET');
    await page.goto(`${product.url}/gallery/${imageId}`);
    await page.getByRole('heading', { name: 'This output is gone' }).waitFor();
    expect(watch.take()).toEqual([]);
  });

  scenario('GEN-5: a long video canceled mid-way shows the canceled state, also after a reload', async () => {
    const { page, watch } = await newPage();
    const form = new GenerateScreen(page);
    await form.open(product.url);
    await form.reset();
    await form.pickModel(/^Index-AniSora/);
    await form.setAdvanced(false); // (the form remembers the switch from the last scenario)
    await form.choose('FPS', '8 fps'); // a select of the recommended rates; Advanced turns it into a number
    await form.setAdvanced(true);
    await expect(form.number('FPS').inputValue()).resolves.toBe('8');
    await form.prompt.fill(longPrompt);
    await form.number('Width').fill('256');
    await form.number('Height').fill('256');
    await form.number('Frames').fill('241');
    const id = await form.generate();

    const task = new TaskScreen(page);
    await task.waitForProgressAbove(10); // inferring
    await screenshotScreen(page, 'creator-07-task-running');
    expect(await task.status('Generating').isVisible()).toBe(true);
    await task.cancel.click();
    await task.waitForStatus('Canceled', 20_000);
    await page.getByText(/^This task was canceled after/).waitFor();
    await expect(task.progress.count()).resolves.toBe(0);
    await expect(task.cancel.count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Retry' }).waitFor();
    await screenshotScreen(page, 'creator-08-task-canceled');

    await page.reload();
    await task.waitForStatus('Canceled');
    const status = await apiStatus(id);
    expect(status.body).toMatchObject({ status: 'canceled' });
    expect(Number(status.body['progress'])).toBeLessThan(100);
    expect(watch.take()).toEqual([]);
  });

  scenario('CAT-3: an invalid form shows errors on its fields and sends nothing; a server 422 lands on the field too', async () => {
    const { page, watch } = await newPage();
    const form = new GenerateScreen(page);
    await form.open(product.url);
    await form.reset();
    await form.pickModel(/^Flux/);
    await form.prompt.fill('');
    await form.submit.click();
    // The message is tied to the field (its accessible description), not just somewhere on the page.
    const prompt = page.getByRole('textbox', { name: 'Prompt', exact: true, description: /Prompt is required/ });
    await prompt.waitFor();
    // (Angular Material leaves aria-invalid off an empty required field; aria-required says it instead.)
    expect(await prompt.getAttribute('aria-required')).toBe('true');

    await form.setAdvanced(true);
    await form.number('Width').fill('4000');
    const width = page.getByRole('spinbutton', { name: 'Width', exact: true, description: /Width must be between 256 and 2048/ });
    await width.waitFor();
    expect(await width.getAttribute('aria-invalid')).toBe('true');
    await form.submit.click();
    await prompt.waitFor();
    await screenshotScreen(page, 'creator-09-form-errors');
    expect(watch.requests('POST', /^\/generate$/)).toEqual([]);
    expect(page.url()).toMatch(/\/generate$/);

    // Valid on screen, but the request is altered on its way: the real server's 422 is mapped to Width.
    await form.prompt.fill('a lighthouse at dusk');
    await form.number('Width').fill('512');
    await page.getByRole('spinbutton', { name: 'Width', exact: true, description: /must be between/ }).waitFor({ state: 'detached' });
    watch.allow(422, /\/generate$/, 'POST');
    await page.route('**/generate', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify({ ...body, width: 4096 }) });
    });
    const [answer] = await Promise.all([page.waitForResponse((response) => new URL(response.url()).pathname === '/generate'), form.submit.click()]);
    expect(answer.status()).toBe(422);
    const problem = (await answer.json()) as { code: string; metadata?: { fields?: { field: string }[] } };
    expect(problem.code).toBe('validation_error');
    expect(problem.metadata?.fields?.map((field) => field.field)).toContain('width');
    const serverWidth = page.getByRole('spinbutton', { name: 'Width', exact: true, description: /\S/ });
    await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await page.getByRole('spinbutton', { name: 'Width', exact: true }).elementHandle());
    await serverWidth.waitFor();
    await screenshotScreen(page, 'creator-10-form-server-422');
    await page.unroute('**/generate');
    expect(page.url()).toMatch(/\/generate$/);
    expect(watch.take()).toEqual([]);
  });
});

async function waitForImage(image: Locator): Promise<void> {
  await image.evaluate(
    (img: HTMLImageElement) =>
      img.complete && img.naturalWidth > 0
        ? undefined
        : new Promise<void>((resolve, reject) => {
            img.addEventListener('load', () => resolve(), { once: true });
            img.addEventListener('error', () => reject(new Error(`image failed to load: ${img.src}`)), { once: true });
          }),
  );
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
}

/** Runs in the page: plays the video muted until time advances, then seeks to the middle (Range requests). */
async function playAndSeek(element: Element) {
  const video = element as HTMLVideoElement;
  const within = <T>(ms: number, what: string, promise: Promise<T>) =>
    Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`video: no ${what} within ${ms} ms`)), ms))]);
  video.muted = true;
  await within(10_000, 'play()', video.play());
  if (video.currentTime === 0) await within(10_000, 'timeupdate', new Promise((resolve) => video.addEventListener('timeupdate', resolve, { once: true })));
  const playedTo = video.currentTime;
  video.pause();
  const readyState = video.readyState;
  const target = Math.round((video.duration / 2) * 100) / 100;
  const seeked = new Promise((resolve) => video.addEventListener('seeked', resolve, { once: true }));
  video.currentTime = target;
  await within(10_000, 'seeked', seeked);
  if (video.readyState < 2) await within(10_000, 'loadeddata', new Promise((resolve) => video.addEventListener('canplay', resolve, { once: true })));
  return {
    readyState,
    duration: video.duration,
    playedTo,
    target,
    seekedTo: video.currentTime,
    readyStateAfterSeek: video.readyState,
    error: video.error ? video.error.code : null,
  };
}
