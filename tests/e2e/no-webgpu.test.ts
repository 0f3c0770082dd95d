// Without WebGPU the page says so, runs the float64 CPU engine in a Web Worker with the CLI's
// numbers, and stays responsive while it runs.
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { findPreset } from '../../src/app/state/presets.ts';
import type { Experiment } from '../../src/core/types.ts';
import { cliRunUrl } from './harness/cli.ts';
import { compareCheckpoints } from './harness/compare.ts';
import {
  labCheckpoints,
  labExperiment,
  openLab,
  stepCounter,
  testIdText,
  waitForDone,
  waitForState,
} from './harness/lab-page.ts';
import { ABS_FLOOR, CPU_REL_TOL, E2E_STEPS } from './harness/settings.ts';
import type { ServedSite } from './harness/site.ts';
import { DEFAULT_VIEWPORT, useTallPage } from './harness/tall-page.ts';
import { experimentQuery } from './harness/urls.ts';

let site: ServedSite;
let page: Page;
let pageErrors: string[];

const FIGURE_B = findPreset('figureB')!.experiment;

useTallPage((opened) => ({ site, page, pageErrors } = opened), { viewport: DEFAULT_VIEWPORT, mode: 'no-webgpu' });

/** The latest t any run has a checkpoint for. */
async function lastCheckpointT(page: Page): Promise<number> {
  const checkpoints = await labCheckpoints(page);
  return Math.max(...checkpoints.map((run) => run.at(-1)?.t ?? 0));
}

test('the browser under test really has no WebGPU adapter', async () => {
  await openLab(page, site.url);
  const adapter = await page.evaluate(async () =>
    navigator.gpu ? (await navigator.gpu.requestAdapter()) !== null : false,
  );
  expect(adapter).toBe(false);
});

test('engine=auto without WebGPU: the banner shows and the worker CPU engine gives the CLI numbers', async () => {
  const experiment: Experiment = { ...FIGURE_B, steps: E2E_STEPS, engine: 'auto' };
  const query = experimentQuery(experiment);
  await openLab(page, site.url, query);
  await page.getByTestId('nowebgpu-banner').waitFor({ state: 'visible' });
  await waitForDone(page);
  expect(await testIdText(page, 'engine-name')).toMatch(/^CPU float64/);
  // The CPU engine lives in a dedicated worker, off the page's main thread.
  expect(page.workers().length).toBeGreaterThanOrEqual(1);

  const cli = await cliRunUrl(site.url + query, ['--engine', 'cpu']);
  const comparison = compareCheckpoints(await labCheckpoints(page), cli.checkpoints, {
    rel: CPU_REL_TOL,
    abs: ABS_FLOOR,
  });
  expect(comparison.mismatches).toEqual([]);
  comparison.commonT.forEach((ts) => expect(ts).toContain(E2E_STEPS));
  expect(pageErrors).toEqual([]);
});

test('while the worker runs, the page keeps painting and answers pause and play', async () => {
  const long: Experiment = { ...FIGURE_B, steps: 1_000_000, engine: 'auto' };
  await openLab(page, site.url, experimentQuery(long));
  expect(await waitForState(page, ['running'])).toBe('running');
  const t0 = await stepCounter(page);
  await expect.poll(() => stepCounter(page), { timeout: 60_000 }).toBeGreaterThan(t0);

  // Two animation frames in a row only arrive if the main thread is free between engine chunks.
  const painted = await page.evaluate(
    () => new Promise<boolean>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))),
  );
  expect(painted).toBe(true);

  await page.getByTestId('pause').click();
  expect(await waitForState(page, ['paused'])).toBe('paused');
  // The hook's state and checkpoints change together; the rendered counter follows a frame later.
  const tPaused = await lastCheckpointT(page);
  // Paused means paused: after more time no checkpoint has arrived, and the counter shows that t.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
  expect(await lastCheckpointT(page)).toBe(tPaused);
  await expect.poll(() => stepCounter(page)).toBe(tPaused);
  expect((await labExperiment(page)).steps).toBe(long.steps);

  await page.getByTestId('play').click();
  expect(await waitForState(page, ['running'])).toBe('running');
  await expect.poll(() => stepCounter(page), { timeout: 60_000 }).toBeGreaterThan(tPaused);
  await page.getByTestId('pause').click();
  expect(pageErrors).toEqual([]);
});
