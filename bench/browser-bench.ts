// The browser section of `npm run bench`: the built site in Debian's Chromium, measuring what a
// user feels while Figure B streams (frame times, long tasks), whether the page's JS heap stays
// bounded over 10⁶ steps (it should: checkpoints are geometric in t, so memory grows like log t), and
// the longest frame while the largest experiment the limits table allows is prepared.
import type { CDPSession, Page } from 'playwright-core';
import { preparationCost } from '../src/core/sizes/size-limits.ts';
import { preparationShape } from '../src/core/sizes/preparation-shape.ts';
import { encodeExperiment } from '../src/core/experiment/url.ts';
import { findPreset } from '../src/app/state/presets.ts';
import type { Experiment } from '../src/core/types.ts';
import { launchChromium } from '../tests/e2e/harness/browser.ts';
import {
  labExperiment,
  labPreparing,
  labState,
  openLab,
  stepCounter,
  waitForState,
} from '../tests/e2e/harness/lab-page.ts';
import { builtSite, serveSite } from '../tests/e2e/harness/site.ts';
import { FRAME_BUDGET_MS, startFrameRecorder, stopFrameRecorder } from './frame-recorder.ts';

/** How long frames are recorded while Figure B streams. */
const FRAME_WINDOW_MS = 15_000;
/** The memory run: one small run on the float64 worker engine, so 10⁶ steps take about a minute
 *  here (SwiftShader on 2 cores is far too slow for 10⁶ steps of ten Figure B runs). */
const MEMORY_STEPS = 1_000_000;
/** Asks for far more than the limits table allows: the page clamps it to the largest experiment it prepares within budget. */
const LARGEST_QUERY = '?v=1&data=paper&n=100000&d=1000&k=3&seeds=0&steps=10&engine=cpu';
const PREPARE_TIMEOUT_MS = 300_000;
/** "Early" heap reading: once the run has passed this t. */
const MEMORY_EARLY_T = 10_000;
const MEMORY_RUN_TIMEOUT_MS = 300_000;
const STEP_POLL_MS = 250;
const VIEWPORT = { width: 1280, height: 1600 };

/** JS heap in use after a full garbage collection (MB), so the reading is live data, not garbage. */
async function liveHeapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  return used / 2 ** 20;
}

/** Streams Figure B (ten runs, 10⁵ steps) on the given engine choice and records the frames. */
async function streamFigureB(
  page: Page,
  baseUrl: string,
  engine: Experiment['engine'],
): Promise<Record<string, unknown>> {
  const figureB: Experiment = { ...findPreset('figureB')!.experiment, engine };
  const query = `?${encodeExperiment(figureB)}`;
  await openLab(page, baseUrl, query);
  await waitForState(page, ['running']);
  const t0 = await stepCounter(page);
  const wall0 = performance.now();
  await startFrameRecorder(page);
  // Record while it streams: the whole window, or until the run ends (the worker CPU engine
  // finishes 10⁵ steps of ten runs in about ten seconds here).
  while (performance.now() - wall0 < FRAME_WINDOW_MS && (await labState(page)) === 'running') {
    await page.waitForTimeout(STEP_POLL_MS);
  }
  const frames = await stopFrameRecorder(page);
  const t1 = await stepCounter(page);
  const seconds = (performance.now() - wall0) / 1000;
  const engineName = (await page.getByTestId('engine-name').textContent())?.trim();
  const stateAtEnd = await labState(page);
  if (stateAtEnd === 'running') await page.getByTestId('pause').click();
  return {
    url: query,
    engine: engineName,
    runs: figureB.seeds.length,
    recordedUntil:
      stateAtEnd === 'running' ? `${FRAME_WINDOW_MS / 1000} s window` : `the run ended (${stateAtEnd}, t = ${t1})`,
    ...frames,
    stepsPerSecond: (t1 - t0) / seconds,
    target: `no frame over ${FRAME_BUDGET_MS} ms`,
    targetMet: frames.framesOverBudget === 0,
  };
}

/**
 * The largest allowed experiment prepared in the page: the longest frame while its data set and SVM
 * target are built (in the preparation worker, so the page's thread should keep drawing), the
 * preparation's wall time and the limits table's estimate of it.
 */
async function prepareLargest(page: Page, baseUrl: string): Promise<Record<string, unknown>> {
  await openLab(page, baseUrl, LARGEST_QUERY);
  await startFrameRecorder(page);
  const wall0 = performance.now();
  const experiment = await labExperiment(page);
  await page.waitForFunction(
    () => (window as unknown as { __lab: { preparing(): unknown } }).__lab.preparing() !== null,
    null,
    { timeout: PREPARE_TIMEOUT_MS },
  );
  let stage = '';
  for (let p = await labPreparing(page); p !== null; p = await labPreparing(page)) {
    if (performance.now() - wall0 > PREPARE_TIMEOUT_MS)
      throw new Error(`preparation did not finish in ${PREPARE_TIMEOUT_MS / 1000} s (at ${p.stage})`);
    stage = p.stage;
    await page.waitForTimeout(STEP_POLL_MS);
  }
  const seconds = (performance.now() - wall0) / 1000;
  const frames = await stopFrameRecorder(page);
  const state = await labState(page);
  if (state === 'running') await page.getByTestId('pause').click();
  return {
    url: LARGEST_QUERY,
    clampedTo: { n: experiment.n, d: experiment.d, k: experiment.k, seeds: experiment.seeds.length },
    estimatedSeconds: preparationCost(preparationShape(experiment)).seconds,
    preparedSeconds: seconds,
    lastStage: stage,
    stateAfter: state,
    longestFrameMs: frames.longestFrameMs,
    p95FrameMs: frames.p95FrameMs,
    framesOverBudget: frames.framesOverBudget,
    longTasks: frames.longTasks,
    longestLongTaskMs: frames.longestLongTaskMs,
    overBudget: frames.overBudget,
    target: `no frame over ${FRAME_BUDGET_MS} ms while preparing`,
    targetMet: frames.framesOverBudget === 0,
  };
}

/** Polls the step counter (it lives in a shadow root, so Node reads it through the locator). */
async function waitForStep(page: Page, t: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((await stepCounter(page)) < t) {
    if (performance.now() > deadline) throw new Error(`the page did not reach t = ${t} in ${timeoutMs / 1000} s`);
    await page.waitForTimeout(STEP_POLL_MS);
  }
}

async function heapOverMillionSteps(page: Page, baseUrl: string): Promise<Record<string, unknown>> {
  const small: Experiment = { ...findPreset('figureB')!.experiment, seeds: [0], steps: MEMORY_STEPS, engine: 'cpu' };
  const query = `?${encodeExperiment(small)}`;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await openLab(page, baseUrl, query);
  const experiment = await labExperiment(page);
  await waitForStep(page, MEMORY_EARLY_T, MEMORY_RUN_TIMEOUT_MS);
  const earlyT = await stepCounter(page);
  const earlyMb = await liveHeapMb(cdp);
  const wall0 = performance.now();
  await waitForState(page, ['done'], MEMORY_RUN_TIMEOUT_MS);
  const seconds = (performance.now() - wall0) / 1000;
  const lateT = await stepCounter(page);
  const lateMb = await liveHeapMb(cdp);
  await cdp.detach();
  return {
    url: query,
    note: 'one run (Figure B seed 0, N=100, d=10, K=3) on engine=cpu (float64 Web Worker): ten runs on SwiftShader cannot reach 10^6 steps in minutes here; heap is the page (main thread) after a forced GC',
    steps: experiment.steps,
    early: { t: earlyT, jsHeapUsedMB: earlyMb },
    late: { t: lateT, jsHeapUsedMB: lateMb },
    growthMB: lateMb - earlyMb,
    lateOverEarly: lateMb / earlyMb,
    stepsPerSecond: (lateT - earlyT) / seconds,
  };
}

/** Frame times while Figure B streams and heap growth over 10⁶ steps, as one JSON-able object. */
export { prepareLargest };

export async function benchBrowser(): Promise<Record<string, unknown>> {
  const site = await serveSite(await builtSite());
  const browser = await launchChromium('webgpu');
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    // As the preset link says (auto: a software adapter such as SwiftShader is skipped for the
    // worker CPU engine), and forced onto the GPU engine so its streaming path is measured too.
    const streamingFigureB = await streamFigureB(page, site.url, 'auto');
    const streamingFigureBGpu = await streamFigureB(page, site.url, 'gpu');
    const memory = await heapOverMillionSteps(page, site.url);
    const preparingLargest = await prepareLargest(page, site.url);
    return { browser: browser.version(), streamingFigureB, streamingFigureBGpu, memory, preparingLargest };
  } finally {
    await browser.close();
    await site.close();
  }
}
