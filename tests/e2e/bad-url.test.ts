// Links: a bad value in a v=1 link is explained, not fatal (the banner names each bad field, the page
// falls back to the defaults for them or clamps them, and waits for Play instead of running what the
// link did not mean); a link without v=1 is refused, idle, with the banner naming v; a bare one is
// idle; autoplay=0 waits for Play.
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { DEFAULT_EXPERIMENT } from '../../src/core/experiment/experiment.ts';
import {
  labExperiment,
  labState,
  openLab,
  stepCounter,
  testIdText,
  waitForDone,
  waitForState,
} from './harness/lab-page.ts';
import type { ServedSite } from './harness/site.ts';
import { DEFAULT_VIEWPORT, useTallPage } from './harness/tall-page.ts';

let site: ServedSite;
let page: Page;
let pageErrors: string[];

useTallPage((opened) => ({ site, page, pageErrors } = opened), { viewport: DEFAULT_VIEWPORT });

/** True when `name` appears in `text` as a field name (a whole word, not part of another). */
function namesField(text: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${name}([^A-Za-z0-9_]|$)`).test(text);
}

test('?v=1&n=abc&lr=-1 names n and lr in the banner, falls back to their defaults and waits for Play', async () => {
  await openLab(page, site.url, '?v=1&n=abc&lr=-1&steps=300&engine=cpu');
  const banner = page.getByTestId('error-banner');
  await banner.waitFor({ state: 'visible' });
  const text = await testIdText(page, 'error-banner');
  expect(namesField(text, 'n'), text).toBe(true);
  expect(namesField(text, 'lr'), text).toBe(true);
  // The good fields are kept, the bad ones are the defaults.
  const experiment = await labExperiment(page);
  expect(experiment).toEqual({ ...DEFAULT_EXPERIMENT, steps: 300, engine: 'cpu' });
  // A link whose values were replaced is not run at once (issue 21): Play runs it.
  expect(await waitForState(page, ['idle'])).toBe('idle');
  expect(text).toContain("not run at once: the link's n, lr were changed (above)");
  await page.getByTestId('play').click();
  await waitForDone(page);
  await expect.poll(() => stepCounter(page)).toBe(300);
  expect(pageErrors).toEqual([]);
});

test('an unknown key is reported in the banner and the page still runs the rest', async () => {
  await openLab(page, site.url, '?v=1&steps=200&engine=cpu&colour=blue');
  await page.getByTestId('error-banner').waitFor({ state: 'visible' });
  expect(namesField(await testIdText(page, 'error-banner'), 'colour')).toBe(true);
  expect(await labExperiment(page)).toEqual({ ...DEFAULT_EXPERIMENT, steps: 200, engine: 'cpu' });
  await waitForDone(page);
  expect(pageErrors).toEqual([]);
});

test('a good link shows no banner, and the bare URL shows the defaults, idle', async () => {
  await openLab(page, site.url, '?v=1&steps=100&engine=cpu');
  await waitForDone(page);
  expect(await page.getByTestId('error-banner').count()).toBe(0);

  await openLab(page, site.url);
  expect(await labExperiment(page)).toEqual(DEFAULT_EXPERIMENT);
  expect(await waitForState(page, ['idle'])).toBe('idle');
  await expect.poll(() => stepCounter(page)).toBe(0);
  expect(await page.getByTestId('error-banner').count()).toBe(0);
  // Play starts the defaults: t moves.
  await page.getByTestId('play').click();
  await expect.poll(() => stepCounter(page), { timeout: 60_000 }).toBeGreaterThan(0);
  await page.getByTestId('pause').click();
  expect(await waitForState(page, ['paused'])).toBe('paused');
  expect(pageErrors).toEqual([]);
});

test('autoplay=0 loads a link without running it, and Play then runs it to the end', async () => {
  await openLab(page, site.url, '?v=1&steps=150&engine=cpu&autoplay=0');
  expect(await labExperiment(page)).toEqual({ ...DEFAULT_EXPERIMENT, steps: 150, engine: 'cpu' });
  expect(await waitForState(page, ['idle'])).toBe('idle');
  await expect.poll(() => stepCounter(page)).toBe(0);
  expect(await page.getByTestId('error-banner').count()).toBe(0);
  await page.getByTestId('play').click();
  await waitForDone(page);
  await expect.poll(() => stepCounter(page)).toBe(150);
  expect(pageErrors).toEqual([]);
});

test('a link with v=0, v=99 or no v is refused as a whole: the banner names v, the defaults stay idle (issue 11, item 12)', async () => {
  for (const query of ['?v=0&steps=120&engine=cpu', '?v=99&steps=120&engine=cpu', '?steps=120&engine=cpu']) {
    await openLab(page, site.url, query);
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ state: 'visible' });
    const text = await testIdText(page, 'error-banner');
    expect(namesField(text, 'v'), `${query}: ${text}`).toBe(true);
    expect(text, query).toMatch(/v=1/);
    expect(await labExperiment(page), query).toEqual(DEFAULT_EXPERIMENT);
    expect(await waitForState(page, ['idle']), query).toBe('idle');
    await expect.poll(() => stepCounter(page)).toBe(0);
  }
  expect(pageErrors).toEqual([]);
});

test('a link with a clamped size (n=5000000) loads idle and says what was clamped and why (issue 21)', async () => {
  // run at once, this would be a minutes-long N = 100,000 run no one asked for
  await openLab(page, site.url, '?v=1&n=5000000&steps=300&engine=cpu');
  await page.getByTestId('error-banner').waitFor({ state: 'visible' });
  const text = await testIdText(page, 'error-banner');
  expect(text).toContain('n: 5000000 is above the maximum 100000; using 100000');
  expect(text).toContain(
    "link: not run at once: the link's n was changed (above); check the settings, then press Play",
  );
  expect(await labExperiment(page)).toEqual({ ...DEFAULT_EXPERIMENT, n: 100_000, steps: 300, engine: 'cpu' });
  expect(await labState(page)).toBe('idle');
  await expect.poll(() => stepCounter(page)).toBe(0);
  // what the user typed is there to fix: n shows the value used, and Play is offered
  expect(await page.getByTestId('field-n').inputValue()).toBe('100000');
  expect(await page.getByTestId('play').isEnabled()).toBe(true);
  // a link that was not changed still runs at once
  await openLab(page, site.url, '?v=1&n=100&steps=120&engine=cpu');
  await waitForDone(page);
  await expect.poll(() => stepCounter(page)).toBe(120);
  expect(pageErrors).toEqual([]);
});
