// The page offline after one visit (issue 19): the built site's service worker (vite-plugin-pwa's
// generateSW, src/app/offline.ts) precaches the page, its workers and HiGHS's WebAssembly, so with the
// browser offline the page reloads and Figure A runs to its end, its numbers the command line's. A new
// deployment never interrupts a run: the new worker waits, the banner asks, and only its button reloads.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findPreset } from '../../src/app/state/presets.ts';
import { launchChromium } from './harness/browser.ts';
import { cliRunUrl } from './harness/cli.ts';
import { compareCheckpoints } from './harness/compare.ts';
import {
  collectPageErrors,
  labCheckpoints,
  labExperiment,
  labState,
  openLab,
  stepCounter,
  testIdText,
  waitForDone,
  waitForState,
} from './harness/lab-page.ts';
import { ABS_FLOOR, BOOT_TIMEOUT_MS, CPU_REL_TOL } from './harness/settings.ts';
import { builtSite } from './harness/site.ts';
import { serveUnderSubPath, type SubPathSite } from './harness/sub-path-server.ts';
import { DEFAULT_VIEWPORT } from './harness/tall-page.ts';
import { experimentQuery } from './harness/urls.ts';

const FIGURE_A = findPreset('figureA')!.experiment;

let site: SubPathSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];

/** Waits until a service worker is active and controls this page (after the reload that follows a first visit). */
async function waitForActiveWorker(p: Page): Promise<string> {
  return p.evaluate(async (timeout) => {
    const registration = await Promise.race([
      navigator.serviceWorker.ready,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no service worker became ready')), timeout)),
    ]);
    const worker = registration.active!;
    if (worker.state !== 'activated')
      await new Promise<void>((resolve) =>
        worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()),
      );
    return new URL(worker.scriptURL).pathname;
  }, BOOT_TIMEOUT_MS);
}

beforeAll(async () => {
  site = await serveUnderSubPath(await builtSite(), 'implicit-bias-lab');
  browser = await launchChromium('no-webgpu');
  context = await browser.newContext({ viewport: DEFAULT_VIEWPORT });
  page = await context.newPage();
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

test('after one visit the page reloads offline and runs Figure A to its end with the CLI’s numbers', async () => {
  await openLab(page, site.url);
  expect(await waitForActiveWorker(page)).toBe('/implicit-bias-lab/sw.js');
  // a first visit's worker controls the pages loaded after it (registerType 'prompt': no clientsClaim)
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: BOOT_TIMEOUT_MS });
  const manifest = await page.evaluate(() => document.querySelector('link[rel="manifest"]')?.getAttribute('href'));
  expect(manifest).toBe('./manifest.webmanifest');

  await context.setOffline(true);
  // the network really is off: a page of the same site in a context without the worker cannot load
  const bare = await browser.newContext({ offline: true });
  await expect((await bare.newPage()).goto(site.url)).rejects.toThrow(/ERR_INTERNET_DISCONNECTED/);
  await bare.close();

  const query = experimentQuery(FIGURE_A);
  await openLab(page, site.url, query);
  await waitForDone(page);
  const checkpoints = await labCheckpoints(page);
  expect(checkpoints[0].at(-1)!.t).toBe(100_000);
  await context.setOffline(false);
  const cli = await cliRunUrl(`http://127.0.0.1:5173/${query}`, ['--engine', 'cpu']);
  const comparison = compareCheckpoints(checkpoints, cli.checkpoints, { rel: CPU_REL_TOL, abs: ABS_FLOOR });
  expect(comparison.mismatches).toEqual([]);
  expect(comparison.commonT[0]).toContain(100_000);
  expect(pageErrors).toEqual([]);
});

test('a new version waits for the reload button while an experiment runs', async () => {
  // long enough (10⁸ steps, the lab's limit) that it is still running when the update has installed
  const long = { ...FIGURE_A, steps: 100_000_000 };
  await openLab(page, site.url, experimentQuery(long));
  expect(await labExperiment(page)).toEqual(long);
  await waitForState(page, ['running']);
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  site.swSuffix = 'a new deployment';
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  await page.getByTestId('update-banner').waitFor({ timeout: BOOT_TIMEOUT_MS });
  expect(await testIdText(page, 'update-banner')).toBe('A new version is ready — reload');
  // the page was not reloaded and the run goes on
  expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect(await labState(page), `t = ${await stepCounter(page)}`).toBe('running');
  const waiting = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting?.state);
  expect(waiting).toBe('installed');

  await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload').click()]);
  await page.waitForFunction(() => window.__lab !== undefined, null, { timeout: BOOT_TIMEOUT_MS });
  expect(await page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument)).toBeUndefined();
  expect(await page.getByTestId('update-banner').count()).toBe(0);
  expect(pageErrors).toEqual([]);
});
