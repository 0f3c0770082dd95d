// The page's own behaviour (issue 7): charts that never throw on losses of 1e-48 and below, banners
// that belong to their experiment, Play that runs exactly what the panel shows, one exported figure,
// one shared legend, and the status and speed lines. Screenshots at 1440 px and on a phone go to
// test-artifacts/ for a person to look at.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  chartPlotted,
  collectPageErrors,
  labExperiment,
  labState,
  openLab,
  stepCounter,
  testIdText,
  waitForDone,
  waitForState,
} from './harness/lab-page.ts';
import { ARTIFACTS_DIR } from './harness/settings.ts';
import { REPO_ROOT, type ServedSite } from './harness/site.ts';
import { useTallPage } from './harness/tall-page.ts';

/** The link: exponential loss under normalized GD, whose loss falls below 1e-11 within 10⁴ steps. */
const NGD_EXP_LINK = '?v=1&loss=exp&opt=ngd&lr=0.01';
const RUN_CHARTS = ['distance', 'normRatio', 'angle', 'marginRatio', 'loss', 'tloss'];

let site: ServedSite;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let dir: string;

useTallPage((opened) => ({ site, browser, page, pageErrors } = opened), { viewport: { width: 1440, height: 1000 } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-e2e-page-'));
});

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const shot = (p: Page, name: string, fullPage = true) =>
  p.screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, `page-${name}.png`), fullPage });

/** Reads a property of the chart element with this metric id. */
function chartProp<T>(p: Page, id: string, prop: string): Promise<T> {
  return p
    .getByTestId(`chart-${id}`)
    .evaluate((el, name) => (el as unknown as Record<string, unknown>)[name], prop) as Promise<T>;
}

test('item 5: the GD-vs-NGD link plots losses below 1e-11 on decade ticks, and no chart throws', async () => {
  await openLab(page, site.url, NGD_EXP_LINK);
  await waitForDone(page);
  const loss = await chartPlotted(page, 'loss');
  const values = loss.series[0].values.filter((v): v is number => v !== null);
  const smallest = Math.min(...values);
  // the numbers the chart holds are the run's, exactly: far below the old failure point
  expect(smallest).toBeLessThan(1e-40);
  for (const id of ['loss', 'tloss', 'distance', 'angle']) {
    const ticks = await chartProp<number[]>(page, id, 'yTicks');
    expect(ticks.length, id).toBeGreaterThanOrEqual(2);
    expect(ticks.length, id).toBeLessThanOrEqual(8);
    for (const t of ticks) expect(Math.log10(t) % 1, `${id} tick ${t}`).toBeCloseTo(0, 9);
  }
  // one format per axis (issue 21): 1 is written 1e0 beside 1e-10, not "1"
  expect(await chartProp<string[]>(page, 'loss', 'yLabels')).toEqual(['1e-40', '1e-30', '1e-20', '1e-10', '1e0']);
  const lossTicks = await chartProp<number[]>(page, 'loss', 'yTicks');
  expect(lossTicks[0]).toBeLessThan(1e-11);
  expect(await page.getByTestId('chart-problem').count()).toBe(0);
  await page.getByTestId('chart-loss').scrollIntoViewIfNeeded();
  await shot(page, 'ngd-exp-loss', false);
  expect(pageErrors).toEqual([]);
});

test('item 5: a loss that underflows to exact zeros still plots, on at most 8 decade ticks', async () => {
  // η = 100 under NGD drives the exponential loss through 1e-300 to exact zero by t = 10⁴
  await openLab(page, site.url, '?v=1&loss=exp&opt=ngd&lr=100&steps=20000&engine=cpu');
  await waitForDone(page);
  const values = (await chartPlotted(page, 'loss')).series[0].values;
  expect(values).toContain(0);
  const positive = values.filter((v): v is number => v !== null && v > 0);
  expect(Math.min(...positive)).toBeLessThan(1e-100);
  for (const id of ['loss', 'tloss']) {
    const ticks = await chartProp<number[]>(page, id, 'yTicks');
    expect(ticks.length, id).toBeGreaterThanOrEqual(2);
    expect(ticks.length, id).toBeLessThanOrEqual(8);
    // uPlot drew these labels (its own log scale gave up on this range and drew none)
    await expect
      .poll(async () => (await chartProp<string[]>(page, id, 'yLabels')).some((l) => /^1e-[1-9]\d\d$/.test(l)), {
        timeout: 5000,
      })
      .toBe(true);
  }
  expect(await page.getByTestId('chart-problem').count()).toBe(0);
  await page.getByTestId('chart-loss').scrollIntoViewIfNeeded();
  await shot(page, 'ngd-exp-zero-loss', false);
  expect(pageErrors).toEqual([]);
});

test('item 8: a red field turns Play off with the reason, and its message neither contradicts itself nor says lrs', async () => {
  await openLab(page, site.url, '?v=1&steps=200&engine=cpu&autoplay=0');
  const steps = page.getByTestId('field-steps');
  await steps.fill('0');
  await steps.press('Tab');
  const error = await testIdText(page, 'field-steps-error');
  expect(error).toContain('0 is below the minimum 1');
  expect(error).not.toMatch(/\busing\b/);
  expect(error).not.toMatch(/^steps:/);
  expect(await page.getByTestId('play').isDisabled()).toBe(true);
  expect(await page.getByTestId('step').isDisabled()).toBe(true);
  expect(await testIdText(page, 'play-blocked')).toContain('steps');
  // the keyboard cannot start the last good experiment either
  await page.getByRole('heading', { name: 'Implicit Bias Lab' }).click();
  await page.keyboard.press('Space');
  await page.waitForTimeout(500);
  expect(await labState(page)).toBe('idle');
  expect(await stepCounter(page)).toBe(0);
  await shot(page, 'play-blocked', false);

  const lr = page.getByTestId('field-lr');
  await lr.fill('abc');
  await lr.press('Tab');
  const lrError = await testIdText(page, 'field-lr-error');
  expect(lrError).not.toMatch(/\blrs\b/);
  expect(lrError).toContain('"abc" is not a number');

  // fixed fields: Play runs exactly what is shown
  await lr.fill('0.05');
  await lr.press('Tab');
  await steps.fill('150');
  await steps.press('Tab');
  await expect.poll(() => page.getByTestId('play-blocked').count()).toBe(0);
  await page.getByTestId('play').click();
  await waitForDone(page);
  expect(await labExperiment(page)).toMatchObject({ steps: 150, lrs: [0.05] });
  await expect.poll(() => stepCounter(page)).toBe(150);
  expect(pageErrors).toEqual([]);
});

test('item 7: a good upload after a non-separable one shows none of the old banners', async () => {
  const bad = join(dir, 'same-point.csv');
  // rows 0 and 1 are the same point with different labels: not separable
  writeFileSync(bad, 'x1,x2,label\n1,0,0\n1,0,1\n0,1,2\n-1,-1,0\n');
  const good = join(dir, 'cones.csv');
  const rows = ['x1,x2,label'];
  for (let k = 0; k < 3; k++)
    for (let j = 0; j < 4; j++) {
      const a = (2 * Math.PI * k) / 3 + 0.2 * (j - 1.5);
      rows.push(`${Math.cos(a).toFixed(6)},${Math.sin(a).toFixed(6)},${k}`);
    }
  writeFileSync(good, rows.join('\n') + '\n');

  await openLab(page, site.url, '?v=1&steps=200&engine=cpu&autoplay=0');
  await page.getByTestId('upload-input').setInputFiles(bad);
  await expect.poll(async () => (await labExperiment(page)).data).toBe('upload');
  await page.getByTestId('play').click();
  await waitForState(page, ['error']);
  // a second Play tries again and fails the same way (it used to hang in "running")
  await page.getByTestId('play').click();
  await waitForState(page, ['error'], 20_000);
  const banner = await testIdText(page, 'error-banner');
  expect(banner).toContain('not linearly separable');
  // a second Play on the same data says it once
  expect(banner.split('not linearly separable').length - 1).toBe(1);

  await page.getByTestId('upload-input').setInputFiles(good);
  await expect.poll(async () => (await labExperiment(page)).n).toBe(12);
  expect(await page.getByTestId('error-banner').count()).toBe(0);
  await page.getByTestId('play').click();
  await waitForDone(page);
  expect(await page.getByTestId('error-banner').count()).toBe(0);
  expect(pageErrors).toEqual([]);
});

/** Clicks an export button and returns every download that starts within a second and a half. */
async function downloadsOf(p: Page, testId: string): Promise<Download[]> {
  const seen: Download[] = [];
  const onDownload = (d: Download) => seen.push(d);
  p.on('download', onDownload);
  await p.getByTestId(testId).click();
  await expect.poll(() => seen.length, { timeout: 30_000 }).toBeGreaterThan(0);
  await p.waitForTimeout(1500);
  p.off('download', onDownload);
  return seen;
}

async function savedText(d: Download): Promise<string> {
  const path = join(dir, d.suggestedFilename());
  await d.saveAs(path);
  return readFileSync(path, 'utf8');
}

test('items 10 and 11: one shared legend toggles a run everywhere; one figure download at 2×, SVG, CSV with the link', async () => {
  const link = '?v=1&seeds=0..9&steps=300&engine=cpu';
  await openLab(page, site.url, link);
  await waitForDone(page);
  // one legend for all charts, none under each chart
  const legend = page.getByTestId('run-legend');
  expect(await legend.locator('[data-testid^="legend-"]').count()).toBe(12); // 10 runs + ln t + 1/ln t
  expect(await testIdText(page, 'run-legend')).toContain('All runs: pairlog · gd η=0.0333');
  for (const id of RUN_CHARTS) expect(await page.getByTestId(`chart-${id}`).locator('.u-legend').count(), id).toBe(0);
  await page.getByTestId('legend-3').click();
  for (const id of RUN_CHARTS) {
    const figure = await chartProp<{ series: { label: string; visible: boolean }[] }>(page, id, 'figure');
    expect(
      figure.series.map((s) => s.visible).filter((v) => !v),
      id,
    ).toHaveLength(1);
    expect(figure.series[3].visible, id).toBe(false);
  }
  expect(await page.getByTestId('legend-3').getAttribute('aria-pressed')).toBe('false');
  // exact values under the cursor: the readout above the chart names t, the nearest run and its value
  const plot = page.getByTestId('chart-distance').locator('.u-over');
  const area = (await plot.boundingBox())!;
  await page.mouse.move(area.x + area.width * 0.6, area.y + area.height * 0.5);
  await expect
    .poll(() => page.getByTestId('chart-distance').locator('.readout').innerText())
    .toMatch(/^t = [\d,]+ · seed \d+ · pairlog · gd η=0\.0333: 0\.\d+/);

  // the status line names all seeds, with thousands separators elsewhere
  const status = await testIdText(page, 'status');
  const detail = await testIdText(page, 'status-detail');
  expect(detail).toContain('10 runs · paper N=100 d=10 K=3 · seeds 0..9');
  expect(detail).not.toContain('seed=0');
  expect(status).toContain('t = 300 / 300');
  expect(await testIdText(page, 'speed-now')).toContain('not running');
  await shot(page, 'figureB-1440');

  const svgDownloads = await downloadsOf(page, 'export-svg');
  expect(svgDownloads).toHaveLength(1);
  const svg = await savedText(svgDownloads[0]);
  expect(svg).toMatch(/^<svg [^>]*width="(\d+)" height="(\d+)"/);
  const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!;
  expect(svg).toContain('fill="#ffffff"');
  expect(svg).toContain('R(W(t))'); // an axis label
  expect(svg).toContain('>All runs: pairlog · gd η=0.0333</text>'); // the legend
  expect(svg).toContain('>seed 0</text>');
  expect(svg).not.toContain('>seed 3</text>'); // the hidden run is left out
  expect(svg).toContain(`${new URL(site.url).origin}`);

  const pngDownloads = await downloadsOf(page, 'export-png');
  expect(pngDownloads).toHaveLength(1);
  expect(pngDownloads[0].suggestedFilename()).toBe('implicit-bias-charts.png');
  const pngPath = join(dir, 'figure.png');
  await pngDownloads[0].saveAs(pngPath);
  const png = readFileSync(pngPath);
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2 * Number(w), 2 * Number(h)]);
  writeFileSync(join(REPO_ROOT, ARTIFACTS_DIR, 'page-export-figure.png'), png);

  const csv = await savedText((await downloadsOf(page, 'export-csv'))[0]);
  const firstLine = csv.split('\n')[0];
  expect(firstLine.startsWith('# experiment: ')).toBe(true);
  expect(firstLine).toContain('seeds=0..9');
  expect(csv.split('\n')[1]).toMatch(/^run,label,t,/);
  expect(pageErrors).toEqual([]);
});

test('item 12: empty charts show axes and a hint; the log-log toggle lives in the link; math captions; wide dataset select', async () => {
  await openLab(page, site.url);
  expect(await page.getByTestId('chart-hint').count()).toBe(RUN_CHARTS.length);
  await shot(page, 'idle-1440', false);
  expect(await page.getByTestId('chart-hint').first().innerText()).toContain('press Play');
  expect(await page.getByTestId('chart-loss').locator('.u-axis').count()).toBe(2);
  const select = page.getByTestId('field-data');
  const fits = await select.evaluate((el) => {
    const s = el as HTMLSelectElement;
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = getComputedStyle(s).font;
    return Math.max(...[...s.options].map((o) => ctx.measureText(o.text).width)) + 30 <= s.clientWidth;
  });
  expect(fits).toBe(true);
  // template captions: rendered superscripts, no raw markup
  const captions = await page.getByTestId('template-viewer').locator('heat-map figcaption').allInnerTexts();
  expect(captions.join(' ')).not.toMatch(/\^|_\{|e\^\(/);
  expect(await page.getByTestId('template-viewer').locator('heat-map figcaption sup').count()).toBeGreaterThan(0);
  await page.getByTestId('template-viewer').scrollIntoViewIfNeeded();
  await shot(page, 'template-1440', false);

  // decision regions (d = 2) and heat maps with axes and a colour bar
  await openLab(page, site.url, '?v=1&n=10&d=2&k=3&seeds=42&steps=300&engine=cpu&snapshots=10,100');
  await waitForDone(page);
  await page.getByTestId('regions').scrollIntoViewIfNeeded();
  await shot(page, 'regions-1440', false);
  await page.getByTestId('log-scale').uncheck();
  await expect.poll(() => page.evaluate(() => location.search)).toContain('scale=lin');
  expect((await labExperiment(page)).scale).toBe('lin');
  await page.reload();
  await page.getByTestId('log-scale').waitFor();
  expect(await page.getByTestId('log-scale').isChecked()).toBe(false);
  await page.getByTestId('log-scale').check();
  await expect.poll(() => page.evaluate(() => location.search)).toContain('scale=log');
  expect(pageErrors).toEqual([]);
});

test("item 12: the speed test's table stays inside the sidebar at 1440 px, rates keep their digits", async () => {
  await openLab(page, site.url, '?v=1&steps=200&engine=cpu&autoplay=0');
  await page.getByTestId('speed-test').click();
  const table = page.getByTestId('speed-results');
  await table.waitFor({ state: 'visible', timeout: 240_000 });
  await expect.poll(() => page.getByTestId('speed-test').isEnabled(), { timeout: 240_000 }).toBe(true);
  const fit = await page.locator('speed-panel').evaluate((el) => {
    const host = el.getBoundingClientRect();
    const t = el.shadowRoot!.querySelector('table')!.getBoundingClientRect();
    return {
      host: host.right,
      table: t.right,
      scroll: el.shadowRoot!.querySelector('.scroll')!.scrollWidth,
      width: el.shadowRoot!.querySelector('.scroll')!.clientWidth,
    };
  });
  expect(fit.table).toBeLessThanOrEqual(fit.host + 0.5);
  expect(fit.scroll).toBeLessThanOrEqual(fit.width);
  const cells = await table.locator('td').allInnerTexts();
  // no rate is rounded to a bare 0 or 1
  for (const c of cells) expect(c.trim(), cells.join(' | ')).not.toMatch(/^[01]×?$|∞/);
  await page.locator('speed-panel').scrollIntoViewIfNeeded();
  await shot(page, 'speed-1440', false);
  expect(pageErrors).toEqual([]);
}, 300_000);

test('item 11: on a phone the legend and the charts fit the screen', async () => {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const phoneErrors = collectPageErrors(phone);
  await openLab(phone, site.url, '?v=1&seeds=0..9&steps=300&engine=cpu');
  await waitForDone(phone);
  const box = await phone.getByTestId('run-legend').boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(box!.height).toBeLessThan(200);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(overflow).toBeLessThanOrEqual(390);
  await shot(phone, 'phone-top', false);
  await phone.getByTestId('run-legend').scrollIntoViewIfNeeded();
  await shot(phone, 'phone-legend', false);
  await phone.getByTestId('template-viewer').scrollIntoViewIfNeeded();
  await shot(phone, 'phone-template', false);
  await phone.close();
  expect(phoneErrors).toEqual([]);
});
