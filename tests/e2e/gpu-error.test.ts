// An unexpected GPU error in the middle of a page run (Chromium's SwiftShader WebGPU): the page's
// device raises a real validation error outside any error scope, and the page stops that run and
// says why in its banner instead of carrying on. The test reaches the page's device through a
// wrapper it installs around requestDevice before the page loads (as lost-device.test.ts does).
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { findPreset } from '../../src/app/state/presets.ts';
import type { Experiment } from '../../src/core/types.ts';
import { labCheckpoints, openLab, testIdText, waitForState } from './harness/lab-page.ts';
import { RUN_TIMEOUT_MS } from './harness/settings.ts';
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

async function checkpointCount(page: Page): Promise<number> {
  return (await labCheckpoints(page)).reduce((sum, run) => sum + run.length, 0);
}

test('a GPU validation error mid-run: the run stops in error and the banner names the error', async () => {
  // far more steps than the test waits for: only the error can end this run
  const experiment: Experiment = {
    ...findPreset('figureB')!.experiment,
    seeds: [0, 1],
    steps: 10_000_000,
    engine: 'gpu',
  };
  await openLab(page, site.url, experimentQuery(experiment));
  await expect.poll(() => checkpointCount(page), { timeout: RUN_TIMEOUT_MS }).toBeGreaterThan(4);
  expect(await waitForState(page, ['running'])).toBe('running');
  const devices = await page.evaluate(() => {
    const all = (window as DeviceWindow).__devices ?? [];
    // MAP_READ may only be combined with COPY_DST: WebGPU rejects this buffer with a validation error
    all.at(-1)?.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
    return all.length;
  });
  expect(devices).toBeGreaterThanOrEqual(1);
  expect(await waitForState(page, ['error'], 30_000)).toBe('error');
  expect(await testIdText(page, 'error-banner')).toMatch(/the GPU reported a validation error during this run \(.+\)/s);
  // stopped means stopped: no checkpoint arrives after the banner
  const stoppedAt = await checkpointCount(page);
  await page.waitForTimeout(1000);
  expect(await checkpointCount(page)).toBe(stoppedAt);
  expect(pageErrors).toEqual([]);
});
