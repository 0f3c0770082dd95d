// Reading the page through its test contract: data-testids and the `window.__lab` hook.
import type { Page } from 'playwright-core';
import type { Checkpoint, Experiment } from '../../../src/core/types.ts';
import { BOOT_TIMEOUT_MS, RUN_TIMEOUT_MS } from './settings.ts';

export type LabState = 'idle' | 'running' | 'paused' | 'done' | 'error';

/** What the page exposes for tests (see the page ↔ test contract). */
export interface LabHook {
  experiment(): Experiment;
  checkpoints(): Checkpoint[][];
  state(): string;
  engine(): string;
  runs(): string[];
  /** the preparation's progress while data and SVM targets are built in the worker, else null */
  preparing(): { fraction: number; stage: string } | null;
}

/** What a chart element says uPlot draws. */
export interface Plotted {
  t: number[];
  series: { label: string; values: (number | null)[] }[];
}

type LabWindow = Window & { __lab?: LabHook };

/** Uncaught exceptions in the page: collected so a test can insist there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => {
    errors.push(err.message);
    console.error('PAGEERROR', err.stack);
  });
  return errors;
}

/** Opens the lab at `baseUrl + query` and waits until its test hook is up. */
export async function openLab(page: Page, baseUrl: string, query = ''): Promise<void> {
  await page.goto(new URL(query, baseUrl).href);
  await page.waitForFunction(() => (window as LabWindow).__lab !== undefined, null, { timeout: BOOT_TIMEOUT_MS });
}

export function labState(page: Page): Promise<string> {
  return page.evaluate(() => (window as LabWindow).__lab!.state());
}

/** Waits until the page's state is one of `states`; fails with the state it is stuck in. */
export async function waitForState(page: Page, states: readonly LabState[], timeout = RUN_TIMEOUT_MS): Promise<string> {
  try {
    await page.waitForFunction(
      (wanted) => (wanted as readonly string[]).includes((window as LabWindow).__lab!.state()),
      states,
      { timeout, polling: 100 },
    );
  } catch (err) {
    const state = await labState(page).catch(() => 'unreadable');
    const t = await stepCounter(page).catch(() => NaN);
    throw new Error(`page did not reach ${states.join('|')} (state ${state}, t=${t}): ${(err as Error).message}`);
  }
  return labState(page);
}

/** Waits for the run to finish; a run that ends in error fails with what the page said. */
export async function waitForDone(page: Page, timeout = RUN_TIMEOUT_MS): Promise<void> {
  const state = await waitForState(page, ['done', 'error'], timeout);
  if (state === 'error') {
    const banner = (await page.getByTestId('error-banner').count()) ? await testIdText(page, 'error-banner') : '';
    throw new Error(`the run ended in error: ${await testIdText(page, 'status')} ${banner}`);
  }
}

export function labExperiment(page: Page): Promise<Experiment> {
  return page.evaluate(() => (window as LabWindow).__lab!.experiment()) as Promise<Experiment>;
}

export function labCheckpoints(page: Page): Promise<Checkpoint[][]> {
  return page.evaluate(() => (window as LabWindow).__lab!.checkpoints());
}

export function labPreparing(page: Page): Promise<{ fraction: number; stage: string } | null> {
  return page.evaluate(() => (window as LabWindow).__lab!.preparing());
}

export function labRuns(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as LabWindow).__lab!.runs());
}

/** The rendered text (innerText: list items on their own lines) of the element with this data-testid. */
export async function testIdText(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).innerText()).trim();
}

/** The integer t the step counter shows. */
export async function stepCounter(page: Page): Promise<number> {
  const text = (await page.getByTestId('step-counter').textContent()) ?? '';
  return Number(text.replace(/[,\s]/g, ''));
}

/** What the chart with this metric name (e.g. 'distance' for chart-distance) draws. */
export function chartPlotted(page: Page, metric: string): Promise<Plotted> {
  return page.getByTestId(`chart-${metric}`).evaluate((el) => (el as unknown as { plotted: Plotted }).plotted);
}
