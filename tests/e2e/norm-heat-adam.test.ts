// The optimizer × norm heat map and the theory checks read one prediction (src/core/theory/predicted-bias.ts):
// Adam's ε cut to 300 steps, where the ε = 1e-8 run's loss is still far above ε, so it has no predicted
// norm yet (both norms it heads for dashed, none outlined, the checks "not a prediction yet"), while
// ε = 0 is predicted max-norm. Paper-sized data, so its γ_p are prepared in about a second.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { findPreset } from '../../src/app/state/presets.ts';
import { openLab, waitForDone } from './harness/lab-page.ts';
import { ARTIFACTS_DIR } from './harness/settings.ts';
import { REPO_ROOT, type ServedSite } from './harness/site.ts';
import { useTallPage } from './harness/tall-page.ts';
import { experimentQuery } from './harness/urls.ts';

const STEPS = 300;
let site: ServedSite;
let page: Page;
let pageErrors: string[];

useTallPage((opened) => ({ site, page, pageErrors } = opened));

test('Adam with ε > 0 before ε dominates: no cell outlined, max and fro dashed, and the checks say "not a prediction yet"', async () => {
  const preset = findPreset('adam-eps')!;
  await openLab(page, site.url, experimentQuery({ ...preset.experiment, steps: STEPS, engine: 'cpu' }));
  await waitForDone(page);
  const rows = page.getByTestId('norm-heat-map').locator('tbody tr');
  await expect.poll(() => rows.count()).toBe(2);
  expect(await rows.nth(0).getAttribute('data-predicted')).toBe('max');
  expect(await rows.nth(0).locator('td.predicted').getAttribute('data-norm')).toBe('max');
  expect(await rows.nth(0).locator('td.tentative').count()).toBe(0);
  expect(await rows.nth(1).getAttribute('data-predicted')).toBe('none yet');
  expect(await rows.nth(1).locator('td.predicted').count()).toBe(0);
  expect(
    await rows
      .nth(1)
      .locator('td.tentative')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-norm'))),
  ).toEqual(['fro', 'max']);
  await page.getByTestId('theory-checks-run').selectOption('1');
  await expect.poll(() => page.getByTestId('theory-checks').getAttribute('data-run')).toBe('1');
  expect(await page.getByTestId('check-distance-log-verdict').innerText()).toMatch(
    /^not a prediction yet: adam with ε > 0/,
  );
  await page.locator('norm-margins').scrollIntoViewIfNeeded();
  await page.locator('norm-margins').screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'norm-heat-map-adam-eps.png') });
  expect(pageErrors).toEqual([]);
});
