// The "margins in every norm" panel: γ_p solved in the page's worker (HiGHS from the bundled WASM), ρ_p
// on every checkpoint equal to `lab run`'s, the chart drawing the chosen run's ρ_p with the line y = 1,
// and the table holding every run's ρ_p at the last t.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { DEFAULT_EXPERIMENT } from '../../src/core/experiment/experiment.ts';
import type { Checkpoint } from '../../src/core/types.ts';
import { cliRunUrl } from './harness/cli.ts';
import { chartPlotted, labCheckpoints, openLab, waitForDone } from './harness/lab-page.ts';
import { ARTIFACTS_DIR } from './harness/settings.ts';
import { REPO_ROOT, type ServedSite } from './harness/site.ts';
import { useTallPage } from './harness/tall-page.ts';
import { experimentQuery } from './harness/urls.ts';

const NORMS = ['fro', 'max', 'l1', 'spectral', 'nuclear'] as const;
let site: ServedSite;
let page: Page;
let pageErrors: string[];

useTallPage((opened) => ({ site, page, pageErrors } = opened));

test("ρ_p on the page equals the CLI's, the chart follows the chosen run, the table has every run", async () => {
  const query = experimentQuery({
    ...DEFAULT_EXPERIMENT,
    seeds: [0, 1],
    losses: ['pairlog', 'hinge'],
    steps: 2000,
    engine: 'cpu',
  });
  await openLab(page, site.url, query);
  await waitForDone(page);
  const [checkpoints, cli] = await Promise.all([labCheckpoints(page), cliRunUrl(site.url + query)]);
  let compared = 0;
  for (const ref of cli.checkpoints as unknown as Checkpoint[]) {
    const mine = checkpoints[ref.run].find((c) => c.t === ref.t);
    if (!mine) continue;
    for (const p of NORMS) {
      const a = mine.rho?.[p] ?? null;
      const b = ref.rho?.[p] ?? null;
      if (b === null) expect(a).toBeNull();
      else expect(Math.abs((a as number) - b)).toBeLessThan(1e-9);
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(4 * 5 * 20);

  const plotted = await chartPlotted(page, 'rho');
  expect(plotted.series.map((s) => s.label)).toEqual([...NORMS, 'y = 1']);
  const run0 = checkpoints[0].filter((c) => c.t >= 1);
  expect(plotted.t).toEqual(run0.map((c) => c.t));
  NORMS.forEach((p, i) => expect(plotted.series[i].values).toEqual(run0.map((c) => c.rho![p])));
  expect(plotted.series[5].values.every((v) => v === 1)).toBe(true);

  // the chart follows the run picked in its selector
  await page.getByTestId('norms-run').selectOption('1');
  const hinge = checkpoints[1].filter((c) => c.t >= 1);
  await expect
    .poll(async () => (await chartPlotted(page, 'rho')).series[1].values)
    .toEqual(hinge.map((c) => c.rho!.max));

  const rows = page.getByTestId('norm-heat-map').locator('tbody tr');
  expect(await rows.count()).toBe(4);
  expect(await page.getByTestId('norms-note').textContent()).toMatch(
    /γ_p of paper N=100 d=10 K=3 seed=0: fro 0\.107798/,
  );
  await page.getByTestId('norm-heat-map').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'norms-panel.png'), fullPage: true });
  expect(pageErrors).toEqual([]);
});
