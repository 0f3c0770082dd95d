// Uploading a CSV: a good file becomes the experiment's data (kept in this browser under its hash)
// and runs with the CLI's numbers for the same file; a bad file is refused, naming row and column.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Experiment } from '../../src/core/types.ts';
import { cliRunUrl } from './harness/cli.ts';
import { compareCheckpoints } from './harness/compare.ts';
import { labCheckpoints, labExperiment, openLab, testIdText, waitForDone, waitForState } from './harness/lab-page.ts';
import { ABS_FLOOR, CPU_REL_TOL } from './harness/settings.ts';
import type { ServedSite } from './harness/site.ts';
import { DEFAULT_VIEWPORT, useTallPage } from './harness/tall-page.ts';
import { experimentQuery } from './harness/urls.ts';

const UPLOAD_STEPS = 500;

let site: ServedSite;
let page: Page;
let pageErrors: string[];
let dir: string;

/**
 * 15 points in the plane, 3 named classes, 5 points each at angles within ±0.4 rad of 0°, 120°,
 * 240°: cones through the origin, so linearly separable without a bias. Names (not 0..K−1) and
 * a header exercise the importer's label mapping.
 */
function separableCsv(): string {
  const rows = ['x1,x2,species'];
  const names = ['setosa', 'versicolor', 'virginica'];
  names.forEach((name, k) => {
    for (let j = 0; j < 5; j++) {
      const angle = (2 * Math.PI * k) / 3 + 0.2 * (j - 2);
      const radius = 1 + 0.25 * j;
      rows.push(`${(radius * Math.cos(angle)).toFixed(6)},${(radius * Math.sin(angle)).toFixed(6)},${name}`);
    }
  });
  return rows.join('\n') + '\n';
}

useTallPage((opened) => ({ site, page, pageErrors } = opened), { viewport: DEFAULT_VIEWPORT });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lab-e2e-upload-'));
});

afterAll(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an uploaded CSV becomes the data, survives in the URL by hash, and runs with the CLI numbers', async () => {
  const file = join(dir, 'cones.csv');
  writeFileSync(file, separableCsv());
  await openLab(page, site.url);
  await page.getByTestId('upload-input').setInputFiles(file);
  await expect.poll(async () => (await labExperiment(page)).data).toBe('upload');
  const uploaded = await labExperiment(page);
  expect(uploaded).toMatchObject({ data: 'upload', n: 15, d: 2, k: 3 });
  expect(uploaded.upload).toMatch(/^[0-9a-f]+$/);
  expect(await page.getByTestId('upload-error').count()).toBe(0);

  // The same browser reopens the link from its own store and runs on the uploaded points.
  const experiment: Experiment = { ...uploaded, steps: UPLOAD_STEPS, engine: 'cpu' };
  const query = experimentQuery(experiment);
  await openLab(page, site.url, query);
  await waitForDone(page);
  expect(await labExperiment(page)).toEqual(experiment);

  const cli = await cliRunUrl(site.url + query, ['--data', file]);
  const comparison = compareCheckpoints(await labCheckpoints(page), cli.checkpoints, {
    rel: CPU_REL_TOL,
    abs: ABS_FLOOR,
  });
  expect(comparison.mismatches).toEqual([]);
  comparison.commonT.forEach((ts) => expect(ts).toContain(UPLOAD_STEPS));
  expect(pageErrors).toEqual([]);
});

test('a CSV with a bad cell is refused with its row and column, and the experiment is unchanged', async () => {
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'x1,x2,label\n1.0,0.5,a\n-0.5,oops,b\n0.2,-1.0,c\n');
  await openLab(page, site.url);
  const before = await labExperiment(page);
  await page.getByTestId('upload-input').setInputFiles(file);
  await page.getByTestId('upload-error').waitFor({ state: 'visible' });
  const message = await testIdText(page, 'upload-error');
  expect(message).toMatch(/row 3\b/);
  expect(message).toMatch(/column 2\b/);
  expect(await labExperiment(page)).toEqual(before);
  expect(pageErrors).toEqual([]);
});

test('XOR data (not separable through the origin): Play fails and the charts say what failed, not "press Play" (issue 21)', async () => {
  // ±(1, 1) are class 0 and ±(1, −1) class 1: x and −x share a class, which no W without bias can give them
  const file = join(dir, 'xor.csv');
  writeFileSync(file, '1,1,0\n-1,-1,0\n1,-1,1\n-1,1,1\n2,2,0\n-2,2,1\n');
  await openLab(page, site.url, '?v=1&steps=100&engine=cpu&autoplay=0');
  await page.getByTestId('upload-input').setInputFiles(file);
  await expect.poll(async () => (await labExperiment(page)).data).toBe('upload');
  await page.getByTestId('play').click();
  expect(await waitForState(page, ['error'])).toBe('error');
  const hint = page.getByTestId('chart-hint').first();
  await expect.poll(() => hint.getAttribute('data-state')).toBe('error');
  const text = await hint.innerText();
  expect(text).toMatch(/^Play failed \(data\): not linearly separable/);
  expect(text).toContain('fix it as the red message at the top says, then press Play');
  expect(text).not.toContain('Space');
  expect(pageErrors).toEqual([]);
});

test('labels 0.5, 1, cat are refused at their first bad row, naming the column and the fix (issue 21)', async () => {
  const file = join(dir, 'mixed.csv');
  writeFileSync(file, '1,2,0.5\n3,4,1\n5,6,cat\n');
  await openLab(page, site.url);
  const before = await labExperiment(page);
  await page.getByTestId('upload-input').setInputFiles(file);
  await page.getByTestId('upload-error').waitFor({ state: 'visible' });
  expect(await testIdText(page, 'upload-error')).toContain(
    'row 1, column 3: the label "0.5" is not a whole number; the label column (the last) holds class numbers (0, 1, 2, …) in every row, or class names (cat, dog, …) in every row',
  );
  expect(await labExperiment(page)).toEqual(before);
  expect(pageErrors).toEqual([]);
});
