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
import { labCheckpoints, labExperiment, openLab, testIdText, waitForDone } from './harness/lab-page.ts';
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
