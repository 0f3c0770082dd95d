// A link round-trips through Share: the URL the page shares, opened in a fresh page, names the
// same experiment (including a change made with the controls) and starts running it.
import type { Browser, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { findPreset } from '../../src/app/state/presets.ts';
import { decodeExperiment } from '../../src/core/experiment/url.ts';
import type { Experiment } from '../../src/core/types.ts';
import { collectPageErrors, labExperiment, openLab, stepCounter, waitForDone } from './harness/lab-page.ts';
import type { ServedSite } from './harness/site.ts';
import { DEFAULT_VIEWPORT, useTallPage } from './harness/tall-page.ts';
import { experimentQuery } from './harness/urls.ts';

let site: ServedSite;
let browser: Browser;
let page: Page;
let pageErrors: string[];

/** A non-default experiment with lists, so that every kind of field has to survive the trip. */
const SHARED: Experiment = {
  ...findPreset('figureB')!.experiment,
  seeds: [2, 5],
  losses: ['pairlog', 'ce'],
  lrs: [0.02, 0.05],
  steps: 300,
  engine: 'cpu',
  hide: ['steps'],
};

useTallPage((opened) => ({ site, browser, page, pageErrors } = opened), { viewport: DEFAULT_VIEWPORT });

/** Clicks Share and returns the URL the page shows for it. */
async function share(from: Page): Promise<string> {
  await from.getByTestId('share').click();
  const shareUrl = from.getByTestId('share-url');
  await shareUrl.waitFor({ state: 'visible' });
  const text = (
    await shareUrl.evaluate((el) => (el instanceof HTMLInputElement ? el.value : (el.textContent ?? '')))
  ).trim();
  return text;
}

test('the shared URL opens the same experiment in a new page, which runs it', async () => {
  await openLab(page, site.url, experimentQuery(SHARED));
  await waitForDone(page);
  expect(await labExperiment(page)).toEqual(SHARED);

  const shared = await share(page);
  expect(new URL(shared).origin).toBe(new URL(site.url).origin);
  const decoded = decodeExperiment(new URL(shared).search);
  expect(decoded.errors).toEqual([]);
  expect(decoded.experiment).toEqual(SHARED);

  // A fresh browser context: like a colleague opening the link, nothing shared but the URL.
  const other = await browser.newPage();
  const otherErrors = collectPageErrors(other);
  await openLab(other, shared);
  expect(await labExperiment(other)).toEqual(SHARED);
  // A shared link runs at once; 300 steps on the CPU engine finish quickly.
  await waitForDone(other);
  await expect.poll(() => stepCounter(other)).toBe(SHARED.steps);
  // hide= is honoured: the hidden control is not on the page.
  expect(await other.getByTestId('field-steps').count()).toBe(0);
  await other.close();
  expect(otherErrors).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('a change made with the controls is in the shared URL', async () => {
  const start: Experiment = { ...SHARED, hide: [], steps: 200 };
  await openLab(page, site.url, experimentQuery(start));
  await waitForDone(page);
  const lr = page.getByTestId('field-lr');
  await lr.fill('0.07');
  await lr.press('Tab');
  const changed: Experiment = { ...start, lrs: [0.07] };
  await expect.poll(() => labExperiment(page)).toEqual(changed);
  expect(await page.getByTestId('field-lr-error').count()).toBe(0);

  const shared = await share(page);
  expect(decodeExperiment(new URL(shared).search).experiment).toEqual(changed);
  const other = await browser.newPage();
  await openLab(other, shared);
  expect(await labExperiment(other)).toEqual(changed);
  await other.close();
  expect(pageErrors).toEqual([]);
});

test('hide= survives a preset click: a classroom link is not one click from undone (issue 21)', async () => {
  await openLab(page, site.url, '?v=1&steps=150&engine=cpu&hide=steps,lr,upload');
  await waitForDone(page);
  expect(await page.getByTestId('field-steps').count()).toBe(0);
  await page.getByTestId('preset-figure1').click();
  await expect.poll(async () => (await labExperiment(page)).steps).toBe(findPreset('figure1')!.experiment.steps);
  // Figure 1 is 10,000 steps of N = 100: it runs to its end
  await waitForDone(page);
  const experiment = await labExperiment(page);
  expect(experiment.hide).toEqual(['steps', 'lr', 'upload']);
  expect({ ...experiment, hide: [], engine: 'auto' }).toEqual({
    ...findPreset('figure1')!.experiment,
    hide: [],
    engine: 'auto',
  });
  // the hidden controls stay hidden, the URL keeps hide=, and the preset is still the active one
  expect(await page.getByTestId('field-steps').count()).toBe(0);
  expect(await page.getByTestId('field-lr').count()).toBe(0);
  expect(await page.getByTestId('upload-input').count()).toBe(0);
  expect(new URL(page.url()).searchParams.get('hide')).toBe('steps,lr,upload');
  expect(await page.getByTestId('preset-claim').getAttribute('data-preset')).toBe('figure1');
  expect(pageErrors).toEqual([]);
});
