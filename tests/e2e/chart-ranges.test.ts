// What the charts show (issue 21): on Figure B (300 steps) the margin ratio and ρ_p charts window
// their y axes to [−1, 1.05] although early margin ratios are far below −1 (the chart still holds,
// and the CSV exports, the raw numbers), every axis writes its ticks in one format, and the exported
// figure counts the runs it draws (one hidden in the legend), holds the ρ_p panel and the heat map,
// and its panel titles, measured in Chromium, never overlap. Artifact: test-artifacts/charts-figure-B.png.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { chartPlotted, labCheckpoints, openLab, waitForDone } from './harness/lab-page.ts';
import { ARTIFACTS_DIR } from './harness/settings.ts';
import { REPO_ROOT, type ServedSite } from './harness/site.ts';
import { useTallPage } from './harness/tall-page.ts';

const FIGURE_B_SHORT = '?v=1&seeds=0..9&steps=300&engine=cpu';
const RUN_CHARTS = ['distance', 'normRatio', 'angle', 'marginRatio', 'loss', 'tloss'];

let site: ServedSite;
let page: Page;
let pageErrors: string[];

useTallPage((opened) => ({ site, page, pageErrors } = opened), { viewport: { width: 1440, height: 1100 } });

function chartProp<T>(p: Page, testId: string, prop: string): Promise<T> {
  return p
    .getByTestId(testId)
    .evaluate((el, name) => (el as unknown as Record<string, unknown>)[name], prop) as Promise<T>;
}

async function download(p: Page, testId: string): Promise<Download> {
  const [d] = await Promise.all([p.waitForEvent('download', { timeout: 30_000 }), p.getByTestId(testId).click()]);
  return d;
}

/** The panel titles' boxes as Chromium lays the SVG out: [panel, x, y, width, height] per line. */
async function measuredTitles(p: Page, svg: string): Promise<[number, number, number, number, number][]> {
  return p.evaluate((text) => {
    const holder = document.createElement('div');
    holder.innerHTML = text;
    document.body.append(holder);
    const boxes = [...holder.querySelectorAll<SVGTextElement>('text.panel-title')].map((el) => {
      const b = el.getBBox();
      return [Number(el.dataset.panel), b.x, b.y, b.width, b.height] as [number, number, number, number, number];
    });
    holder.remove();
    return boxes;
  }, svg);
}

const overlap = (a: number[], b: number[]) =>
  a[1] < b[1] + b[3] && b[1] < a[1] + a[3] && a[2] < b[2] + b[4] && b[2] < a[2] + a[4];

test('Figure B: ratio charts windowed to [−1, 1.05], one tick format per axis; the export counts drawn runs, titles apart', async () => {
  await openLab(page, site.url, FIGURE_B_SHORT);
  await waitForDone(page);
  const cps = await labCheckpoints(page);
  const early = cps.flatMap((s) => s.filter((c) => c.t >= 1).map((c) => c.marginRatio));
  const rawMin = Math.min(...early.filter(Number.isFinite));
  // what set the range before: early margin ratios far below −1
  expect(rawMin).toBeLessThan(-1);
  // the chart keeps the raw numbers (exports read them) ...
  const plotted = await chartPlotted(page, 'marginRatio');
  const heldMin = Math.min(...plotted.series.flatMap((s) => s.values).filter((v): v is number => v !== null));
  expect(heldMin).toBe(rawMin);
  // ... but draws them in the window, and says how many sit on its edge
  const [lo, hi] = (await chartProp<[number, number]>(page, 'chart-marginRatio', 'yScale'))!;
  expect(lo).toBeGreaterThanOrEqual(-1.2);
  expect(hi).toBeLessThanOrEqual(1.2);
  const below = early.filter((v) => v < -1).length;
  expect(await page.getByTestId('chart-marginRatio').getByTestId('chart-offscale').innerText()).toContain(
    `${below.toLocaleString('en-US')} values below -1 drawn on the lower edge`,
  );
  const rho = page.locator('norm-margins').getByTestId('chart-rho');
  const [rlo, rhi] = (await rho.evaluate((el) => (el as unknown as { yScale: [number, number] }).yScale))!;
  expect(rlo).toBeGreaterThanOrEqual(-1.2);
  expect(rhi).toBeLessThanOrEqual(1.2);

  // one tick format per axis: all e-notation or none
  for (const id of RUN_CHARTS) {
    const labels = await chartProp<string[]>(page, `chart-${id}`, 'yLabels');
    const exp = labels.filter((l) => /e-?\d+$/.test(l));
    expect(exp.length === 0 || exp.length === labels.filter((l) => l !== '0').length, `${id}: ${labels}`).toBe(true);
  }

  // hide one run, then export: 9 of 10 runs, the ρ_p panel and the heat map, titles apart
  await page.getByTestId('legend-3').click();
  const svg = readFileSync(await (await download(page, 'export-svg')).path()!, 'utf8');
  expect(svg).toContain('· 9 of 10 runs ·');
  expect(svg).toContain('ρ_p = m(W)/(‖W‖_p γ_p) of seed 0');
  expect(svg).toContain('class="heat-map"');
  expect(svg).toMatch(/values below -1 drawn on the lower edge/);
  const boxes = await measuredTitles(page, svg);
  expect(new Set(boxes.map((b) => b[0])).size).toBe(RUN_CHARTS.length + 1);
  for (const a of boxes) {
    // within its 440-wide panel (16 px margin, 3 columns)
    const panelLeft = 16 + (a[0] % 3) * 440;
    expect(a[1], `title of panel ${a[0]}`).toBeGreaterThanOrEqual(panelLeft);
    expect(a[1] + a[3], `title of panel ${a[0]}`).toBeLessThanOrEqual(panelLeft + 440);
    for (const b of boxes) if (a !== b) expect(overlap(a, b), `titles ${a} and ${b}`).toBe(false);
  }
  const png = readFileSync(await (await download(page, 'export-png')).path()!);
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  writeFileSync(join(REPO_ROOT, ARTIFACTS_DIR, 'charts-figure-B.png'), png);
  expect(pageErrors).toEqual([]);
});
