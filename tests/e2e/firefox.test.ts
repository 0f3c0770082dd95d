// A second, real browser: Debian's Firefox ESR through puppeteer-core (WebDriver BiDi) on the built
// site. Firefox on Linux has no WebGPU, so the page must say so, run Figure B on the float64 CPU
// engine in its workers, draw every curve, give the CLI's numbers, and throw nothing.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RUN_CHARTS_SYNC_KEY, runColor } from '../../src/app/charts/chart-specs.ts';
import { findPreset } from '../../src/app/state/presets.ts';
import type { Checkpoint, Experiment } from '../../src/core/types.ts';
import { cliRunUrl } from './harness/cli.ts';
import { BOOT_TIMEOUT_MS, E2E_STEPS, RUN_TIMEOUT_MS } from './harness/settings.ts';
import { builtSite, serveSite, type ServedSite } from './harness/site.ts';
import { experimentQuery } from './harness/urls.ts';

const FIREFOX_PATH = '/usr/bin/firefox-esr';
const CHART_IDS = ['distance', 'normRatio', 'angle', 'marginRatio', 'loss', 'tloss'];
/** The page's worker engine and the CLI's engine are the same float64 code; only Math.* may differ. */
const FINAL_REL_TOL = 1e-12;

/** Figure B's 10 runs (seeds 0..9) with fewer steps, so the test stays short on 2 shared cores. */
const FIGURE_B: Experiment = { ...findPreset('figureB')!.experiment, steps: E2E_STEPS, engine: 'auto' };
const QUERY = experimentQuery(FIGURE_B);

let site: ServedSite;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];

type LabWindow = Window & { __lab?: { state(): string; checkpoints(): Checkpoint[][]; engine(): string } };

beforeAll(async () => {
  if (!existsSync(FIREFOX_PATH))
    throw new Error(`Firefox ESR is missing (${FIREFOX_PATH}); run \`npm run setup\`, which installs firefox-esr`);
  site = await serveSite(await builtSite());
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true });
  page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1800 });
  page.on('pageerror', (err) => pageErrors.push(String((err as Error).message ?? err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  await page.goto(new URL(QUERY, site.url).href);
  await page.waitForFunction(() => (window as LabWindow).__lab !== undefined, { timeout: BOOT_TIMEOUT_MS });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/**
 * Runs `fn` on the first element matching `selector` anywhere in the page, through open shadow
 * roots (the lab is Lit elements all the way down); null when there is none.
 */
function deepEval<T>(selector: string, fn: string): Promise<T | null> {
  return page.evaluate(
    (sel, body) => {
      const find = (root: Document | ShadowRoot): Element | null => {
        const hit = root.querySelector(sel);
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          const inner = el.shadowRoot ? find(el.shadowRoot) : null;
          if (inner) return inner;
        }
        return null;
      };
      const el = find(document);
      return el ? (new Function('el', body) as (el: Element) => unknown)(el) : null;
    },
    selector,
    fn,
  ) as Promise<T | null>;
}

const text = (testId: string) => deepEval<string>(`[data-testid="${testId}"]`, 'return el.textContent.trim()');

async function waitForDone(): Promise<void> {
  await page.waitForFunction(() => ['done', 'error'].includes((window as LabWindow).__lab!.state()), {
    timeout: RUN_TIMEOUT_MS,
    polling: 200,
  });
  const state = await page.evaluate(() => (window as LabWindow).__lab!.state());
  if (state !== 'done')
    throw new Error(`the run ended ${state}: ${await text('status')} ${await text('error-banner')}`);
}

test('Firefox on Linux has no WebGPU: the banner says so and the CPU engine runs Figure B', async () => {
  expect(await page.evaluate(() => typeof (navigator as Navigator & { gpu?: unknown }).gpu)).toBe('undefined');
  await waitForDone();
  const banner = await text('nowebgpu-banner');
  expect(banner).toMatch(/^WebGPU is not available in this browser, so the lab runs on the float64 CPU engine/);
  expect(banner).toContain('Firefox on Linux does not have it yet');
  expect(await text('engine-name')).toMatch(/^CPU float64/);
  const checkpoints = await page.evaluate(() => (window as LabWindow).__lab!.checkpoints());
  expect(checkpoints).toHaveLength(10);
  for (const run of checkpoints) expect(run.at(-1)!.t).toBe(E2E_STEPS);
});

test('every run chart holds all 10 curves and its canvas shows their colours', async () => {
  for (const id of CHART_IDS) {
    const plotted = await deepEval<{ t: number[]; series: { label: string; values: (number | null)[] }[] }>(
      `metric-chart[data-chart="${id}"]`,
      'return el.plotted',
    );
    expect(plotted!.t.at(-1), id).toBe(E2E_STEPS);
    // 10 runs (the charts may add a dashed reference curve after them)
    const runs = plotted!.series.slice(0, 10);
    for (const s of runs)
      expect(s.values.filter((v) => v !== null && Number.isFinite(v)).length, `${id} ${s.label}`).toBeGreaterThan(5);
  }
  // Pixels of the distance chart in run 0's and run 9's colours: the curves were really drawn.
  for (const run of [0, 9]) {
    const rgb = hexRgb(runColor(run));
    const count = await deepEval<number>(
      'metric-chart[data-chart="distance"]',
      `const canvas = el.shadowRoot.querySelector('canvas');
       const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
       let n = 0;
       for (let i = 0; i < data.length; i += 4)
         if (data[i + 3] > 200 && Math.abs(data[i] - ${rgb[0]}) < 24 && Math.abs(data[i + 1] - ${rgb[1]}) < 24 && Math.abs(data[i + 2] - ${rgb[2]}) < 24) n++;
       return n;`,
    );
    expect(count, `pixels in run ${run}'s colour`).toBeGreaterThan(50);
  }
});

test('the run charts share one crosshair: hovering one puts every chart at the same t', async () => {
  for (const id of CHART_IDS)
    expect(await deepEval<string>(`metric-chart[data-chart="${id}"]`, 'return el.cursor?.sync?.key ?? ""'), id).toBe(
      RUN_CHARTS_SYNC_KEY,
    );
  const box = await deepEval<{ x: number; y: number; width: number; height: number }>(
    'metric-chart[data-chart="distance"]',
    `el.scrollIntoView(); const r = el.shadowRoot.querySelector('.u-over').getBoundingClientRect();
     return { x: r.x, y: r.y, width: r.width, height: r.height };`,
  );
  await page.mouse.move(box!.x + box!.width * 0.6, box!.y + box!.height * 0.5);
  await page.mouse.move(box!.x + box!.width * 0.7, box!.y + box!.height * 0.5);
  const readouts: string[] = [];
  for (const id of CHART_IDS)
    readouts.push(
      (await deepEval<string>(
        `metric-chart[data-chart="${id}"]`,
        `return el.shadowRoot.querySelector('.readout').textContent`,
      ))!,
    );
  const ts = readouts.map((r) => /^t = (\S+)/.exec(r)?.[1]);
  expect(ts[0], readouts.join(' | ')).toBeDefined();
  expect(ts, readouts.join(' | ')).toEqual(CHART_IDS.map(() => ts[0]));
});

test("the last distance equals the CLI's, and the page threw and logged no error", async () => {
  const checkpoints = await page.evaluate(() => (window as LabWindow).__lab!.checkpoints());
  const cli = await cliRunUrl(site.url + QUERY, ['--final-only', '--engine', 'cpu']);
  const run = Number(cli.summary.run);
  const cliDistance = Number(cli.summary.distance);
  const pageDistance = checkpoints[run].at(-1)!.distance;
  expect(checkpoints[run].at(-1)!.t).toBe(E2E_STEPS);
  expect(cliDistance).toBeGreaterThan(0);
  expect(Math.abs(pageDistance - cliDistance) / cliDistance).toBeLessThanOrEqual(FINAL_REL_TOL);
  expect(pageErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
