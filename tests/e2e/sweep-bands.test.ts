// Bands in the line charts (issue 10): a 64-run sweep (8 η × 4 seeds × PairLogLoss and the exponential
// loss) draws bands, not 64 lines — each band's median and 10–90 % edges at every t equal the quantiles
// of its runs' checkpoints across seeds, computed here by hand (numpy's linear rule), a run that
// diverges left out at every t (not only from its divergence on, issue 21), so the loss axes never
// reach its last finite values; a sweep-map cell draws its run over the bands; bands regroup per loss. Then the Step-size phase
// diagram preset starts from its button and from its link on the sweep map and bands, streaming.
// Screenshots: test-artifacts/sweep-bands.png and phase-diagram.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { findPreset } from '../../src/app/state/presets.ts';
import type { Checkpoint } from '../../src/core/types.ts';
import {
  chartPlotted,
  labCheckpoints,
  labExperiment,
  labRuns,
  labState,
  openLab,
  testIdText,
  waitForDone,
} from './harness/lab-page.ts';
import { ARTIFACTS_DIR } from './harness/settings.ts';
import { REPO_ROOT, type ServedSite } from './harness/site.ts';
import { useTallPage } from './harness/tall-page.ts';
import { experimentQuery } from './harness/urls.ts';
import { lrsApart } from './harness/compare.ts';

const SWEEP_LINK = '?v=1&lr=1e-3..200:log:8&seeds=0..3&loss=pairlog,exp&steps=300&init=zero&engine=cpu';

let site: ServedSite;
let page: Page;
let pageErrors: string[];

useTallPage((opened) => ({ site, page, pageErrors } = opened), { viewport: { width: 1440, height: 1100 } });

/** numpy.quantile's default (linear) rule on sorted values. */
function quantile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** "seed 2 · exp · gd η=0.0114" → loss and η */
const parseLabel = (label: string) => ({ loss: label.split(' · ')[1], lr: Number(/η=([^ ]+)$/.exec(label)![1]) });
const sameLr = (a: number, b: number) => Math.abs(Math.log(a / b)) < 5e-3;

test('a 64-run sweep draws 12 bands whose edges are the quantiles across seeds; a cell draws its run; bands regroup per loss', async () => {
  await openLab(page, site.url, SWEEP_LINK);
  await waitForDone(page);
  const [cps, labels] = await Promise.all([labCheckpoints(page), labRuns(page)]);
  expect(cps).toHaveLength(64);
  const runs = labels.map(parseLabel);
  const diverged = new Set(cps.flatMap((s, i) => (s.at(-1)!.status === 'diverged' ? [i] : [])));
  expect(diverged.size).toBeGreaterThan(0);
  // the banner, once DONE, gives the final count (no "so far") and claims no divergence that was not measured
  const banner = await testIdText(page, 'error-banner');
  expect(banner).toContain(`diverged runs: ${diverged.size} of 64 runs diverged (colour the sweep map`);
  expect(banner).not.toContain('so far');
  expect(banner).not.toMatch(/diverges at η/);
  expect(banner).toContain('has no global smoothness bound, so no η guarantees descent');

  // 2 losses leave room for 6 of the 8 η (12 bands), and every chart says so
  expect(await page.getByTestId('bands-note').innerText()).toContain('12 of 16 bands drawn: 6 of 8 η');
  expect(await page.getByTestId('chart-distance').getAttribute('note')).toBe(
    'median and 10–90 % across seeds · 12 of 16 bands (6 of 8 η)',
  );
  const plotted = await chartPlotted(page, 'distance');
  // 3 curves a band, then the 1/ln t reference: no line per run
  expect(plotted.series).toHaveLength(12 * 3 + 1);
  expect(plotted.series.at(-1)!.label).toBe('1/ln t');
  const last = plotted.t.length - 1;
  expect(plotted.t[last]).toBe(300);
  let gaps = 0;
  for (let b = 0; b < 12; b++) {
    const key = plotted.series[3 * b + 2].label.replace(/ median$/, '');
    const [eta, loss] = key.split(' · ');
    const lr = Number(eta.slice(2));
    const members = runs.flatMap((r, i) => (r.loss === loss && sameLr(r.lr, lr) ? [i] : []));
    expect(members, key).toHaveLength(4);
    // every t of the chart, from each member's checkpoint at that t
    plotted.t.forEach((t, row) => {
      const values = members
        .filter((i) => !diverged.has(i))
        .map((i) => cps[i].find((c: Checkpoint) => c.t === t)!)
        .filter((c) => Number.isFinite(c.distance))
        .map((c) => c.distance)
        .sort((a, b) => a - b);
      const got = [0, 1, 2].map((k) => plotted.series[3 * b + k].values[row]);
      if (!values.length) {
        expect(got, `${key} at t = ${t}`).toEqual([null, null, null]);
        gaps++;
        return;
      }
      expect(got[0], `${key} 10 % at t = ${t}`).toBeCloseTo(quantile(values, 0.1), 12);
      expect(got[1], `${key} 90 % at t = ${t}`).toBeCloseTo(quantile(values, 0.9), 12);
      expect(got[2], `${key} median at t = ${t}`).toBeCloseTo(quantile(values, 0.5), 12);
    });
  }
  // the exponential loss at η = 200 diverges on every seed: its band is not drawn at any t, and the legend says why
  expect(
    cps.filter((s, i) => runs[i].loss === 'exp' && runs[i].lr === 200).every((s) => s.at(-1)!.status === 'diverged'),
  ).toBe(true);
  expect(gaps).toBeGreaterThanOrEqual(plotted.t.length);
  const exp200 = plotted.series.findIndex((s) => s.label === 'η=200 · exp · gd median');
  expect(plotted.series[exp200].values.every((v) => v === null)).toBe(true);
  expect(await page.getByTestId(`legend-${(exp200 - 2) / 3}`).innerText()).toBe('η=200 · exp · gd (all 4 diverged)');
  // so the loss and t·loss axes end at the drawn bands' own values, far below the diverging runs' last ones
  for (const id of ['loss', 'tloss']) {
    const drawn = (await chartPlotted(page, id)).series.flatMap((s) => s.values).filter((v): v is number => v !== null);
    const [, top] = await page
      .getByTestId(`chart-${id}`)
      .evaluate((el) => (el as unknown as { yScale: number[] }).yScale);
    expect(top, id).toBeLessThanOrEqual(10 * Math.max(...drawn));
    expect(top, id).toBeLessThan(1e10);
  }
  // the legend names bands, not runs
  expect(await page.getByTestId('legend-0').innerText()).toBe('η=0.001 · pairlog · gd');
  await page
    .locator('lab-app')
    .evaluate((el) => el.shadowRoot!.querySelector('[aria-label="Live curves"]')!.scrollIntoView());
  await page.screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'sweep-bands.png') });

  // a sweep-map cell: its run drawn over the bands, exactly its checkpoints
  await page.getByTestId('sweep-canvas').scrollIntoViewIfNeeded();
  const { run, x, y } = await page.locator('sweep-map').evaluate((el) => {
    const map = el as unknown as { view: { runOf: Int32Array }; cellCentre(i: number): { x: number; y: number } };
    return { run: map.view.runOf[8 + 3], ...map.cellCentre(8 + 3)! };
  });
  await page.mouse.click(x, y);
  await expect.poll(async () => (await chartPlotted(page, 'distance')).series.length).toBe(12 * 3 + 2);
  const picked = await chartPlotted(page, 'distance');
  expect(picked.series.at(-1)!.label).toBe(labels[run]);
  picked.t.forEach((t, row) =>
    expect(picked.series.at(-1)!.values[row]).toBe(cps[run].find((c) => c.t === t)!.distance),
  );
  await page.mouse.click(x, y);
  await expect.poll(async () => (await chartPlotted(page, 'distance')).series.length).toBe(12 * 3 + 1);

  // per loss · optimizer: two bands, each over all 32 runs of its loss
  await page.getByTestId('bands-by').selectOption('series');
  // (the loss chart has no reference line)
  await expect.poll(async () => (await chartPlotted(page, 'loss')).series.length).toBe(2 * 3);
  const byLoss = await chartPlotted(page, 'loss');
  expect(byLoss.series.map((s) => s.label).filter((l) => l.endsWith('median'))).toEqual([
    'pairlog · gd median',
    'exp · gd median',
  ]);
  const at = byLoss.t.indexOf(100);
  const pairlog = runs
    .flatMap((r, i) => (r.loss === 'pairlog' ? [cps[i].find((c) => c.t === 100)!.loss] : []))
    .sort((a, b) => a - b);
  expect(pairlog).toHaveLength(32);
  expect(byLoss.series[2].values[at]).toBeCloseTo(quantile(pairlog, 0.5), 12);
  expect(pageErrors).toEqual([]);
});

test('the Step-size phase diagram starts from its button and from its link, on the sweep map and bands', async () => {
  const preset = findPreset('phase-diagram')!;
  await openLab(page, site.url, '?v=1&steps=10&engine=cpu');
  await page.getByTestId('preset-phase-diagram').click();
  await expect.poll(() => page.getByTestId('preset-claim').getAttribute('data-preset')).toBe('phase-diagram');
  expect(await page.getByTestId('preset-claim').innerText()).toContain(preset.claim);
  const shown = await labExperiment(page);
  expect({ ...shown, lrs: [] }).toEqual({ ...preset.experiment, lrs: [] });
  expect(lrsApart(shown.lrs, preset.experiment.lrs)).toEqual([]);
  // it streams: the map's 3,072 cells and the bands fill in as checkpoints arrive
  await expect
    .poll(async () => (await labCheckpoints(page))[0]?.length ?? 0, { timeout: 240_000 })
    .toBeGreaterThanOrEqual(2);
  expect(
    await page
      .locator('sweep-map')
      .evaluate((el) => (el as unknown as { view: { runOf: Int32Array } }).view.runOf.filter((r) => r >= 0).length),
  ).toBe(3072);
  expect(await page.getByTestId('sweep-metric').inputValue()).toBe('loss');
  // the η its sentence names: separation from 0.127, the median loss at 1.07, exp diverging on 12 of 16 at 2.32, and 200
  expect(await page.getByTestId('bands-note').innerText()).toContain(
    '12 of 192 bands drawn: 4 of 64 η (0.127, 1.07, 2.32, 200)',
  );
  expect((await chartPlotted(page, 'distance')).t.length).toBeGreaterThan(0);
  // the exponential loss at η = 200 diverges on every seed within its first steps: its band is never
  // drawn (not up to 1e50 before the divergence), and the legend says why
  await expect
    .poll(() => testIdText(page, 'run-legend'), { timeout: 120_000 })
    .toContain('η=200 · exp · gd (all 16 diverged)');
  for (const id of ['loss', 'tloss']) {
    const band = (await chartPlotted(page, id)).series.find((s) => s.label === 'η=200 · exp · gd median')!;
    expect(
      band.values.every((v) => v === null),
      id,
    ).toBe(true);
  }
  await page
    .getByTestId('pause')
    .click()
    .catch(() => undefined);
  await page.screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'phase-diagram.png') });

  // its link: the same experiment, running at once, highlighted as the preset
  await openLab(page, site.url, experimentQuery({ ...preset.experiment, engine: 'cpu' }));
  await expect.poll(() => page.getByTestId('preset-claim').getAttribute('data-preset')).toBe('phase-diagram');
  await expect.poll(() => labState(page), { timeout: 240_000 }).toBe('running');
  expect(await page.getByTestId('sweep-metric').inputValue()).toBe('loss');
  expect(pageErrors).toEqual([]);
});
