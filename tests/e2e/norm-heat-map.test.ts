// The optimizer × norm heat map: the Norms race preset's link (cut to 300 steps, CPU engine) run on the
// page; one row per run, five norm columns, the outlined cell of each row the optimizer's predicted norm,
// and every printed ρ_p the CLI's at the final t. On a phone the map scrolls inside its section. The
// preset runs once, before the tests, with the CLI's run of it beside it; the phone test sees the same
// finished page at a phone's width.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { findPreset } from '../../src/app/state/presets.ts';
import type { Checkpoint } from '../../src/core/types.ts';
import { cliRunUrl, type CliRun } from './harness/cli.ts';
import { labCheckpoints, labRuns, openLab, waitForDone } from './harness/lab-page.ts';
import { ARTIFACTS_DIR } from './harness/settings.ts';
import { REPO_ROOT, type ServedSite } from './harness/site.ts';
import { useTallPage } from './harness/tall-page.ts';
import { experimentQuery } from './harness/urls.ts';

const NORMS = ['fro', 'max', 'l1', 'spectral', 'nuclear'] as const;
/** ngd → Frobenius, sign → max, spectral → spectral, Adam with ε = 0 → max (src/core/training/optimizers.ts) */
const PREDICTED = ['fro', 'max', 'spectral', 'max'];
const STEPS = 300;
const QUERY = experimentQuery({ ...findPreset('norms-race')!.experiment, steps: STEPS, engine: 'cpu' });
/** an iPhone 12–15's CSS viewport */
const PHONE = { width: 390, height: 844 };
let site: ServedSite;
let page: Page;
let pageErrors: string[];
let cliRun: Promise<CliRun>;

useTallPage((opened) => ({ site, page, pageErrors } = opened));

beforeAll(async () => {
  // the CLI's reference run works beside the page's (each prepares the γ_p of five norms first)
  cliRun = cliRunUrl(site.url + QUERY);
  cliRun.catch(() => undefined); // a failure is reported where the first test awaits it
  await openLab(page, site.url, QUERY);
  await waitForDone(page);
});

test("the Norms race heat map: a row per run, five norms, the predicted norm outlined, ρ_p equal to the CLI's", async () => {
  const [checkpoints, labels, cli] = await Promise.all([labCheckpoints(page), labRuns(page), cliRun]);
  expect(labels.length).toBe(4);

  // the CLI's final checkpoint of every run
  const finals = labels.map((_, run) => {
    const mine = (cli.checkpoints as unknown as Checkpoint[]).filter((c) => c.run === run);
    return mine.reduce((a, b) => (b.t > a.t ? b : a));
  });
  for (const [run, ref] of finals.entries()) {
    expect(ref.t).toBe(STEPS);
    expect(checkpoints[run].at(-1)!.t).toBe(STEPS);
  }

  const map = page.getByTestId('norm-heat-map');
  await map.scrollIntoViewIfNeeded();
  expect(await map.locator('thead th').allInnerTexts()).toEqual([`run · ρ_p at t = ${STEPS}`, ...NORMS]);
  const rows = map.locator('tbody tr');
  expect(await rows.count()).toBe(labels.length);
  let compared = 0;
  for (let run = 0; run < labels.length; run++) {
    const row = rows.nth(run);
    expect(await row.locator('th').innerText()).toBe(labels[run]);
    const cells = row.locator('td');
    expect(await cells.count()).toBe(NORMS.length);
    expect(await row.locator('td.predicted').count()).toBe(1);
    expect(await row.locator('td.predicted').getAttribute('data-norm')).toBe(PREDICTED[run]);
    for (const [i, p] of NORMS.entries()) {
      const cell = cells.nth(i);
      expect(await cell.getAttribute('data-norm')).toBe(p);
      const ref = finals[run].rho?.[p] ?? null;
      const text = (await cell.innerText()).trim();
      if (ref === null) {
        expect(text).toBe('—');
        continue;
      }
      // printed to 4 decimals; the full value sits in data-value
      expect(text).toBe(ref.toFixed(4));
      expect(Math.abs(Number(text) - ref)).toBeLessThanOrEqual(5e-5 + 1e-12);
      expect(Math.abs(Number(await cell.getAttribute('data-value')) - ref)).toBeLessThan(1e-6);
      compared++;
    }
  }
  // γ_p is certified for these data in fro, max, l1 and spectral (the nuclear cells are null, shown as —)
  expect(compared).toBeGreaterThanOrEqual(labels.length * 4);
  await page.locator('norm-margins').scrollIntoViewIfNeeded();
  await page.locator('norm-margins').screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'norm-heat-map.png') });
  expect(pageErrors).toEqual([]);
});

test('on a phone the heat map scrolls inside its section and never widens the page', async () => {
  // The layout follows the viewport through CSS alone (lab-app's media queries; the table scrolls in its
  // section), so the page that ran the preset, narrowed to a phone's width, shows what a phone shows
  // without running the preset a second time.
  const wide = page.viewportSize()!;
  await page.setViewportSize(PHONE);
  try {
    const map = page.getByTestId('norm-heat-map');
    await map.scrollIntoViewIfNeeded();
    expect(await map.locator('tbody tr').count()).toBe(4);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    const box = await page.locator('norm-heat-map').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await page.locator('norm-heat-map').screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'norm-heat-map-phone.png') });
  } finally {
    await page.setViewportSize(wide);
  }
  expect(pageErrors).toEqual([]);
});
