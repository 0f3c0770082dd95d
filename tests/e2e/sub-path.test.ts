// The built site from a sub-path (issue 19): GitHub Pages serves a project at https://USER.github.io/REPO/,
// so every asset, worker and WebAssembly file must be asked for relative to the page. The site is
// mounted at /implicit-bias-lab/ of a static server with nothing at its root, Figure A runs to its end
// (t = 10⁵, the SVM target solved by HiGHS's WebAssembly in the preparation worker, the runs in the CPU
// engine's worker) and its numbers are the command line's for the same link.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findPreset } from '../../src/app/state/presets.ts';
import { launchChromium } from './harness/browser.ts';
import { cliRunUrl } from './harness/cli.ts';
import { compareCheckpoints } from './harness/compare.ts';
import {
  collectPageErrors,
  labCheckpoints,
  labExperiment,
  openLab,
  testIdText,
  waitForDone,
} from './harness/lab-page.ts';
import { ABS_FLOOR, CPU_REL_TOL } from './harness/settings.ts';
import { builtSite } from './harness/site.ts';
import { serveUnderSubPath, type SubPathSite } from './harness/sub-path-server.ts';
import { DEFAULT_VIEWPORT } from './harness/tall-page.ts';
import { experimentQuery } from './harness/urls.ts';

const MOUNT = 'implicit-bias-lab';
const FIGURE_A = findPreset('figureA')!.experiment;

let site: SubPathSite;
let browser: Browser;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  site = await serveUnderSubPath(await builtSite(), MOUNT);
  browser = await launchChromium('no-webgpu');
  page = await browser.newPage({ viewport: DEFAULT_VIEWPORT });
  pageErrors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

test('Figure A runs to t = 10⁵ from /implicit-bias-lab/, asking nothing outside it, with the CLI’s numbers', async () => {
  expect(site.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${MOUNT}/$`));
  const query = experimentQuery(FIGURE_A);
  await openLab(page, site.url, query);
  expect(await labExperiment(page)).toEqual(FIGURE_A);
  await waitForDone(page);
  expect(await testIdText(page, 'step-counter')).toMatch(/^100[,\s]?000$/);
  const checkpoints = await labCheckpoints(page);
  expect(checkpoints).toHaveLength(1);
  expect(checkpoints[0].at(-1)!.t).toBe(100_000);
  const cli = await cliRunUrl(`http://127.0.0.1:5173/${query}`, ['--engine', 'cpu']);
  const comparison = compareCheckpoints(checkpoints, cli.checkpoints, { rel: CPU_REL_TOL, abs: ABS_FLOOR });
  expect(comparison.mismatches).toEqual([]);
  expect(comparison.commonT[0]).toContain(100_000);
  expect(comparison.compared).toBeGreaterThan(100);
  // every request stayed under the mount: none went to the host's root, where Pages has another site
  expect(site.missed).toEqual([]);
  expect(pageErrors).toEqual([]);
});
