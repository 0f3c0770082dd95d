// A phone (issue 21): at 390 × 844 with a touch screen (no hover, coarse pointer) a small sweep on the CPU
// engine leaves the page no wider than the screen, writes sweep-map tick labels that do not overlap under
// cells of at least 6 px (the map scrolls sideways, and says so), folds the legend into one line of at most
// 6 % of the screen, reaches the settings from a link near the top, fits all five norms of the heat map, and
// words its hints for touch (tap, no Space key). Artifacts: test-artifacts/phone-*.png.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium } from './harness/browser.ts';
import { collectPageErrors, openLab, testIdText, waitForDone } from './harness/lab-page.ts';
import { ARTIFACTS_DIR } from './harness/settings.ts';
import { builtSite, REPO_ROOT, serveSite, type ServedSite } from './harness/site.ts';

const PHONE = { width: 390, height: 844 };
/** 64 step sizes × 2 seeds, 50 steps each: 128 runs, a map too wide for 390 px at 6 px a cell */
const SWEEP_LINK = '?v=1&lr=1e-3..10:log:64&seeds=0..1&steps=50&engine=cpu';
const MIN_CELL_PX = 6;

let site: ServedSite;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  site = await serveSite(await builtSite());
  browser = await launchChromium('webgpu');
  // a phone's touch screen: Chromium then matches (hover: none) and (pointer: coarse)
  context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  page = await context.newPage();
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

type Box = { left: number; right: number; top: number; bottom: number; text: string };

/** boxes of the elements matching `selector` inside the shadow root of the first `host` */
function shadowBoxes(p: Page, host: string, selector: string): Promise<Box[]> {
  return p
    .locator(host)
    .first()
    .evaluate(
      (el, sel) =>
        [...el.shadowRoot!.querySelectorAll(sel)].map((e) => {
          const b = e.getBoundingClientRect();
          return { left: b.left, right: b.right, top: b.top, bottom: b.bottom, text: (e as HTMLElement).innerText };
        }),
      selector,
    );
}

const shot = (p: Page, name: string) => p.screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, `phone-${name}.png`) });

test('before Play: the hints name taps and no Space key, and a link near the top reaches the settings', async () => {
  expect(await page.evaluate(() => matchMedia('(hover: none)').matches)).toBe(true);
  await openLab(page, site.url, `${SWEEP_LINK}&autoplay=0`);
  const hint = page.getByTestId('chart-hint').first();
  await hint.waitFor();
  expect((await hint.innerText()).trim()).toBe('press Play to run this experiment');
  expect(await page.getByTestId('play').innerText()).not.toContain('Space');
  const start = await testIdText(page, 'preset-start');
  expect(start).toContain('tap one to run it');
  expect(start).not.toMatch(/hover/i);
  const chipsHint = await testIdText(page, 'field-opt-chips-hint');
  expect(chipsHint).toMatch(/^Tap a chip/);
  expect(chipsHint).not.toMatch(/hover/i);

  // the settings come last on a phone; the jump link sits in the first tenth of the screen
  const jump = page.getByTestId('jump-settings');
  const box = (await jump.boundingBox())!;
  expect(box.y + box.height).toBeLessThan(PHONE.height * 0.1);
  expect(await jump.innerText()).toBe('Settings ↓');
  const before = await page.getByTestId('field-lr').boundingBox();
  expect(before!.y).toBeGreaterThan(PHONE.height); // below the first screen
  await jump.tap();
  await expect
    .poll(async () => {
      const lr = await page.getByTestId('field-lr').boundingBox();
      return lr!.y >= 0 && lr!.y + lr!.height <= PHONE.height;
    })
    .toBe(true);
  await shot(page, 'settings');

  // a chip's rule, a title on a desktop, is written under the chips once tapped
  await page.locator('experiment-panel .chip', { hasText: 'sign' }).first().tap();
  expect(await testIdText(page, 'field-opt-chip-rule')).toMatch(/^sign/);
  expect(pageErrors).toEqual([]);
});

test('a 128-run sweep: no sideways page, readable η ticks on ≥ 6 px cells with a scroll cue, a folded legend', async () => {
  await openLab(page, site.url, SWEEP_LINK);
  await waitForDone(page);
  await page.getByTestId('sweep-map').waitFor();

  // the document is no wider than the screen
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.body.scrollWidth]);
  for (const w of widths) expect(w).toBeLessThanOrEqual(PHONE.width);

  // cells of at least 6 px: 64 columns are wider than the map's box, which scrolls and says so
  const canvas = (await page.getByTestId('sweep-canvas').boundingBox())!;
  expect(canvas.width / 64).toBeGreaterThanOrEqual(MIN_CELL_PX - 0.01);
  const scroll = await page
    .getByTestId('sweep-scroll')
    .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(scroll.scroll).toBeGreaterThan(scroll.client);
  const cue = await shadowBoxes(page, 'sweep-map', '.cue');
  expect(cue).toHaveLength(1);
  expect(cue[0].text).toBe('scroll →');
  expect(cue[0].bottom - cue[0].top).toBeGreaterThan(0);

  // tick labels: several, each a number, no two boxes overlapping
  const ticks = (await shadowBoxes(page, 'sweep-map', '.colname')).sort((a, b) => a.left - b.left);
  expect(ticks.length).toBeGreaterThanOrEqual(4);
  for (const t of ticks) expect(Number.isFinite(Number(t.text)), t.text).toBe(true);
  for (let i = 1; i < ticks.length; i++)
    expect(ticks[i].left, `${ticks[i - 1].text} | ${ticks[i].text}`).toBeGreaterThanOrEqual(ticks[i - 1].right);
  expect(await testIdText(page, 'sweep-readout')).toMatch(/^Tap a cell/);
  await page.getByTestId('sweep-map').scrollIntoViewIfNeeded();
  await shot(page, 'sweep-map');

  // the legend: one line of at most 6 % of the screen until tapped open
  const legend = page.locator('run-legend');
  const folded = (await legend.boundingBox())!;
  expect(folded.height).toBeLessThanOrEqual(PHONE.height * 0.06);
  expect(await testIdText(page, 'run-legend-summary')).toMatch(/^Legend \(\d+ curves?/);
  expect(await page.getByTestId('legend-0').isVisible()).toBe(false);
  await page.getByTestId('run-legend-summary').tap();
  await page.getByTestId('legend-0').waitFor({ state: 'visible' });
  expect((await legend.boundingBox())!.height).toBeGreaterThan(folded.height);
  await shot(page, 'legend-open');
  await page.getByTestId('run-legend-summary').tap();
  await page.getByTestId('legend-0').waitFor({ state: 'hidden' });
  expect(pageErrors).toEqual([]);
});

test('the heat map of ρ_p shows all five norms on a phone', async () => {
  await openLab(page, site.url, '?v=1&seeds=0..1&steps=100&engine=cpu');
  await waitForDone(page);
  const table = page.getByTestId('norm-heat-map');
  await table.waitFor();
  expect(await table.locator('thead th').count()).toBe(6); // the run column and five norms
  const fit = await page
    .getByTestId('norm-heat-scroll')
    .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(fit.scroll).toBeLessThanOrEqual(fit.client);
  const last = (await table.locator('thead th').last().boundingBox())!;
  expect(last.x + last.width).toBeLessThanOrEqual(PHONE.width);
  await table.scrollIntoViewIfNeeded();
  await shot(page, 'heat-map');
  // the legend's line on how to use it names a tap
  await page.getByTestId('run-legend-summary').tap();
  expect(await testIdText(page, 'run-legend')).toContain('Tap a run to hide or show it');
  expect(pageErrors).toEqual([]);
});
