// A GPU device lost in the middle of a page run (Chromium's SwiftShader WebGPU): the run resumes from
// its last checkpoint on a fresh device, says so, and ends with the CLI's numbers. The test destroys
// the page's device itself, through a wrapper it installs around requestDevice before the page loads.
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { findPreset } from '../../src/app/state/presets.ts';
import type { Experiment } from '../../src/core/types.ts';
import { cliRunUrl } from './harness/cli.ts';
import { compareCheckpoints } from './harness/compare.ts';
import { labCheckpoints, openLab, testIdText, waitForDone } from './harness/lab-page.ts';
import { E2E_STEPS, GPU_ABS_FLOOR, GPU_REL_TOL, RUN_TIMEOUT_MS } from './harness/settings.ts';
import type { ServedSite } from './harness/site.ts';
import { DEFAULT_VIEWPORT, useTallPage } from './harness/tall-page.ts';
import { experimentQuery } from './harness/urls.ts';

type DeviceWindow = Window & { __devices?: GPUDevice[] };

let site: ServedSite;
let page: Page;
let pageErrors: string[];

useTallPage((opened) => ({ site, page, pageErrors } = opened), { viewport: DEFAULT_VIEWPORT });

beforeAll(async () => {
  await page.addInitScript(() => {
    const request = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (
      this: GPUAdapter,
      ...args: Parameters<GPUAdapter['requestDevice']>
    ) {
      const device = await request.apply(this, args);
      ((window as DeviceWindow).__devices ??= []).push(device);
      return device;
    };
  });
});

/** The t of the last checkpoint the page holds. */
async function lastT(page: Page): Promise<number> {
  return (await labCheckpoints(page))[0]?.at(-1)?.t ?? 0;
}

test('a lost GPU device: the page resumes on a fresh device from the last checkpoint, says so, and ends with the CLI numbers', async () => {
  const experiment: Experiment = {
    ...findPreset('figureB')!.experiment,
    seeds: [0, 1],
    steps: E2E_STEPS,
    engine: 'gpu',
  };
  const query = experimentQuery(experiment);
  await openLab(page, site.url, query);
  await expect.poll(() => lastT(page), { timeout: RUN_TIMEOUT_MS }).toBeGreaterThanOrEqual(100);
  const devices = await page.evaluate(() => {
    const all = (window as DeviceWindow).__devices ?? [];
    all.at(-1)?.destroy();
    return all.length;
  });
  expect(devices).toBeGreaterThanOrEqual(1);
  await waitForDone(page);

  const banner = await testIdText(page, 'error-banner');
  expect(banner).toMatch(
    /the GPU device was lost \(.+\); the runs resumed from their checkpoint at t = \d+ on a fresh GPU device/,
  );
  expect(await page.evaluate(() => (window as DeviceWindow).__devices?.length)).toBe(devices + 1);
  expect(await testIdText(page, 'engine-name')).toMatch(/^GPU/);

  const checkpoints = await labCheckpoints(page);
  for (const run of checkpoints) {
    const ts = run.map((c) => c.t);
    expect(ts).toEqual([...new Set(ts)].sort((a, b) => a - b)); // every checkpoint once, in order
    expect(ts.at(-1)).toBe(E2E_STEPS);
  }
  const cli = await cliRunUrl(site.url + query, ['--engine', 'cpu']);
  const comparison = compareCheckpoints(checkpoints, cli.checkpoints, { rel: GPU_REL_TOL, abs: GPU_ABS_FLOOR });
  expect(comparison.mismatches).toEqual([]);
  expect(pageErrors).toEqual([]);
});
