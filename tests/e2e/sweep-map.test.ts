// The sweep map (issue 10): a 32-run sweep (8 step sizes × 4 seeds) on the CPU engine shows one cell
// per run whose value is exactly that run's final checkpoint for the chosen number, hovering a cell
// says its numbers, and clicking it draws that run over the bands in every chart.
// The map is screenshot to test-artifacts/sweep-map.png for a person to look at.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { labCheckpoints, openLab, waitForDone } from './harness/lab-page.ts';
import { ARTIFACTS_DIR } from './harness/settings.ts';
import { REPO_ROOT, type ServedSite } from './harness/site.ts';
import { useTallPage } from './harness/tall-page.ts';
import type { Checkpoint } from '../../src/core/types.ts';

const SWEEP_LINK = '?v=1&lr=1e-3..10:log:8&seeds=0..3&steps=200&engine=cpu';

let site: ServedSite;
let page: Page;
let pageErrors: string[];

useTallPage((opened) => ({ site, page, pageErrors } = opened), { viewport: { width: 1440, height: 1000 } });

interface CellRead {
  run: number;
  value: number;
  title: string;
}

/** the map's cells as it draws them on its canvas: run, value and hover text, row-major */
const readCells = (p: Page): Promise<CellRead[]> =>
  p.locator('sweep-map').evaluate((el) => {
    const v = (el as unknown as { view: { runOf: Int32Array; values: Float64Array; text(i: number): string } }).view;
    return Array.from(v.runOf, (run, i) => ({ run, value: v.values[i], title: v.text(i) }));
  });

/** the centre of cell i on the screen */
const cellCentre = (p: Page, i: number): Promise<{ x: number; y: number }> =>
  p
    .locator('sweep-map')
    .evaluate((el, n) => (el as unknown as { cellCentre(i: number): { x: number; y: number } }).cellCentre(n)!, i);

/** the run the map shows as picked (−1 for none) */
const pickedRun = (p: Page): Promise<number> =>
  p.getByTestId('sweep-canvas').getAttribute('data-selected').then(Number);

/** The number the map should show for a checkpoint (written independently of the page's code). */
const expected: Record<string, (c: Checkpoint) => number> = {
  distance: (c) => c.distance,
  rhoFro: (c) => c.rho?.fro ?? NaN,
  loss: (c) => c.loss,
  diverged: (c) => (c.status === 'diverged' ? 1 : 0),
};

test("a 32-run sweep: 8 × 4 cells, each its run's final checkpoint; hover reads out, click selects", async () => {
  await openLab(page, site.url, SWEEP_LINK);
  await waitForDone(page);
  await page.getByTestId('sweep-map').waitFor();
  const cps = await labCheckpoints(page);
  expect(cps).toHaveLength(32);
  const finals = cps.map((s) => s.at(-1)!);

  // 8 columns of η increasing left to right, 4 rows of seeds; every run exactly once
  const cells = await readCells(page);
  expect(cells).toHaveLength(32);
  expect(cells.map((c) => c.run).sort((a, b) => a - b)).toEqual([...Array(32).keys()]);
  const etaOf = (c: CellRead) => Number(/η = ([^ ]+) ·/.exec(c.title)![1]);
  const seedOf = (c: CellRead) => Number(/seed (\d+) ·/.exec(c.title)![1]);
  for (let row = 0; row < 4; row++) {
    const line = cells.slice(row * 8, row * 8 + 8);
    expect(line.map(seedOf)).toEqual(Array(8).fill(row));
    const etas = line.map(etaOf);
    // η is written with 4 significant digits: log-spaced from 1e-3 to 10, 4/7 of a decade apart
    expect(etas[0]).toBe(1e-3);
    expect(etas[7]).toBe(10);
    for (let j = 1; j < 8; j++) expect(Math.log10(etas[j] / etas[j - 1])).toBeCloseTo(4 / 7, 3);
  }

  // every metric: the cell's value is its run's final checkpoint's, exactly
  for (const metric of ['rhoFro', 'loss', 'diverged', 'distance']) {
    await page.getByTestId('sweep-metric').selectOption(metric);
    await page.waitForFunction(
      (m) =>
        document.querySelector('lab-app')!.shadowRoot!.querySelector('sweep-map')!.shadowRoot!.querySelector('select')!
          .value === m,
      metric,
    );
    await page.waitForTimeout(100);
    for (const c of await readCells(page)) {
      const want = expected[metric](finals[c.run]);
      if (Number.isNaN(want)) expect(c.value, `${metric} run ${c.run}`).toBeNaN();
      else expect(c.value, `${metric} run ${c.run}`).toBe(want);
    }
  }
  // ρ_fro is known for this generated data, so the map has real numbers there, not stripes
  expect(finals.filter((c) => Number.isFinite(c.rho?.fro ?? NaN)).length).toBeGreaterThan(0);
  const low = Number(await page.getByTestId('sweep-low').textContent());
  const high = Number(await page.getByTestId('sweep-high').textContent());
  const distances = finals.map((c) => c.distance).filter(Number.isFinite);
  expect(low).toBeCloseTo(Math.min(...distances), 3);
  expect(high).toBeCloseTo(Math.max(...distances), 3);

  // hover: the readout line says the run's numbers
  await page.getByTestId('sweep-canvas').scrollIntoViewIfNeeded();
  const at = await cellCentre(page, 2 * 8 + 5);
  const run = (await readCells(page))[2 * 8 + 5].run;
  await page.mouse.move(at.x, at.y);
  const readout = await page.getByTestId('sweep-readout').textContent();
  expect(readout).toContain(`seed 2`);
  expect(readout).toContain(`at t = 200`);
  expect(readout).toContain(String(Number(finals[run].distance.toPrecision(4))));
  await page.getByTestId('sweep-map').screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'sweep-map.png') });

  // click: that run drawn over the bands in every chart, and named in the legend; a second click drops it
  const curves = (id: string) =>
    page
      .getByTestId(`chart-${id}`)
      .evaluate(
        (el) => (el as unknown as { figure: { series: { label: string; values: (number | null)[] }[] } }).figure.series,
      );
  await page.mouse.click(at.x, at.y);
  await expect.poll(() => pickedRun(page)).toBe(run);
  await expect
    .poll(async () => (await curves('distance')).at(-1)!.label)
    .toBe((await page.evaluate(() => (window as unknown as { __lab: { runs(): string[] } }).__lab.runs()))[run]);
  expect((await curves('distance')).at(-1)!.values.at(-1)).toBe(finals[run].distance);
  expect(await page.getByTestId('run-legend').innerText()).toContain(`run ${run} (picked on the map`);
  await page.screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'sweep-map-page.png'), fullPage: false });
  await page.mouse.click(at.x, at.y);
  await expect.poll(() => pickedRun(page)).toBe(-1);
  expect((await curves('distance')).at(-1)!.label).toBe('1/ln t');

  // the keyboard: arrow keys walk the cells (the first press lands on the top-left one), Enter picks
  await page.mouse.move(0, 0);
  await page.getByTestId('sweep-canvas').focus();
  for (const key of ['ArrowRight', 'ArrowRight', 'ArrowDown', 'ArrowLeft']) await page.keyboard.press(key);
  const walked = cells[8];
  expect((await page.getByTestId('sweep-readout').textContent())!.split('\n')[0]).toBe(walked.title.split('\n')[0]);
  await page.keyboard.press('Enter');
  await expect.poll(() => pickedRun(page)).toBe(walked.run);
  await page.keyboard.press('Enter');
  await expect.poll(() => pickedRun(page)).toBe(-1);
  expect(pageErrors).toEqual([]);
});

test("a 1,024-run sweep (64 η × 16 seeds) fits one dense map, every cell its run's final distance", async () => {
  await openLab(page, site.url, '?v=1&lr=1e-3..10:log:64&seeds=0..15&steps=50&engine=cpu');
  await waitForDone(page);
  await page.getByTestId('sweep-metric').selectOption('distance');
  const finals = (await labCheckpoints(page)).map((s) => s.at(-1)!);
  expect(finals).toHaveLength(1024);
  await expect
    .poll(async () => (await readCells(page)).filter((c) => c.value === finals[c.run].distance).length)
    .toBe(1024);
  await page.getByTestId('sweep-map').screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'sweep-map-1024.png') });
  const box = (await page.getByTestId('sweep-map').boundingBox())!;
  // the whole map on one 1000 px screen, its 64 columns in the width of the 32-run map's 8
  expect(box.height).toBeLessThan(600);
  expect(box.width).toBeLessThan(1000);
  expect(pageErrors).toEqual([]);
});
