// The page side of the sweep section of `npm run bench` (issue 10): in the built site in Chromium, the
// longest frame while a sweep of 10⁴ runs streams its checkpoints into the sweep map and the bands,
// and the Step-size phase diagram preset's wall time on each engine (its 3,072 runs at fewer steps
// than its 10⁴: the same per-run work per step, so wall time scales with steps once it runs).
import type { Page } from 'playwright-core';
import { findPreset } from '../src/app/state/presets.ts';
import { DEFAULT_EXPERIMENT } from '../src/core/experiment/experiment.ts';
import { expandRange } from '../src/core/experiment/sweep.ts';
import { encodeExperiment } from '../src/core/experiment/url.ts';
import type { Experiment } from '../src/core/types.ts';
import { launchChromium } from '../tests/e2e/harness/browser.ts';
import { labState, openLab, stepCounter, waitForState } from '../tests/e2e/harness/lab-page.ts';
import { builtSite, serveSite } from '../tests/e2e/harness/site.ts';
import { FRAME_BUDGET_MS, startFrameRecorder, stopFrameRecorder } from './frame-recorder.ts';

/** 16 seeds × 625 η = 10⁴ runs of the paper's size, PairLogLoss GD from W(0) = 0; 30 steps still stream
 *  13 checkpoints of all 10⁴ runs (t = 1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 30) */
const SWEEP: Experiment = {
  ...DEFAULT_EXPERIMENT,
  seeds: [...Array(16).keys()],
  lrs: expandRange({ lo: 1e-3, hi: 10, scale: 'log', count: 625 }),
  steps: 30,
  init: 'zero',
};
/** the phase diagram's steps here (its own are 10⁴) */
const PHASE_STEPS = 100;
const RUN_TIMEOUT_MS = 300_000;
const POLL_MS = 250;
const VIEWPORT = { width: 1280, height: 1600 };

/** Opens the experiment, and from its first step to its end records frames and wall time. */
async function streamed(page: Page, baseUrl: string, experiment: Experiment): Promise<Record<string, unknown>> {
  const query = `?${encodeExperiment(experiment)}`;
  const opened = performance.now();
  await openLab(page, baseUrl, query);
  await waitForState(page, ['running', 'done', 'error'], RUN_TIMEOUT_MS);
  const running = performance.now();
  await startFrameRecorder(page);
  let state = await labState(page);
  while (state === 'running' && performance.now() - running < RUN_TIMEOUT_MS) {
    await page.waitForTimeout(POLL_MS);
    state = await labState(page);
  }
  const seconds = (performance.now() - running) / 1000;
  const frames = await stopFrameRecorder(page);
  const t = await stepCounter(page);
  const engine = (await page.getByTestId('engine-name').textContent())?.trim();
  const cells = await page
    .locator('sweep-map')
    .evaluate(
      (el) => (el as unknown as { view?: { runOf: Int32Array } }).view?.runOf.filter((r) => r >= 0).length ?? 0,
    );
  if (state === 'running') await page.getByTestId('pause').click();
  return {
    runs: experiment.seeds.length * experiment.losses.length * experiment.lrs.length,
    steps: experiment.steps,
    engine,
    stateAtEnd:
      state === 'running' ? `still running at t = ${t} after ${RUN_TIMEOUT_MS / 1000} s` : `${state} at t = ${t}`,
    secondsToFirstStep: (running - opened) / 1000,
    secondsRunning: seconds,
    sweepMapCells: cells,
    ...frames,
    target: `no frame over ${FRAME_BUDGET_MS} ms`,
    targetMet: frames.framesOverBudget === 0,
  };
}

export async function benchSweepPage(): Promise<Record<string, unknown>> {
  const site = await serveSite(await builtSite());
  const browser = await launchChromium('webgpu');
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    const phase = findPreset('phase-diagram')!.experiment;
    const out: Record<string, unknown> = {
      browser: browser.version(),
      note: `Chromium with SwiftShader (a CPU) as its WebGPU adapter; engine=auto takes the Web Worker CPU engine there. The phase diagram runs ${PHASE_STEPS} of its 10^4 steps; secondsAt1e4Steps scales its running time by steps`,
      sweep1e4: {},
      phaseDiagram: {},
    };
    // SWEEPPAGE_ENGINES=cpu measures the worker CPU engine alone (SwiftShader's GPU engine takes minutes here)
    const engines = (process.env.SWEEPPAGE_ENGINES ?? 'cpu,gpu')
      .split(',')
      .filter((e): e is 'cpu' | 'gpu' => e === 'cpu' || e === 'gpu');
    for (const engine of engines) {
      (out.sweep1e4 as Record<string, unknown>)[engine] = await streamed(page, site.url, { ...SWEEP, engine });
      const p = await streamed(page, site.url, { ...phase, steps: PHASE_STEPS, engine });
      (out.phaseDiagram as Record<string, unknown>)[engine] = {
        ...p,
        secondsAt1e4Steps: ((p.secondsRunning as number) * 1e4) / PHASE_STEPS,
      };
    }
    return out;
  } finally {
    await browser.close();
    await site.close();
  }
}
