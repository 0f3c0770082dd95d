// Large experiments never freeze the page: sizes beyond the limits table are clamped with a banner
// saying so, preparation (data, SVM targets, γ_p in every norm) runs in a worker with a progress bar and Cancel, and a
// requestAnimationFrame probe in the page shows the page's thread kept drawing frames throughout.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium } from './harness/browser.ts';
import {
  collectPageErrors,
  labExperiment,
  labPreparing,
  labState,
  openLab,
  testIdText,
  waitForState,
} from './harness/lab-page.ts';
import { ARTIFACTS_DIR, RESPONSIVE_FRAME_MS, RUN_TIMEOUT_MS } from './harness/settings.ts';
import { builtSite, REPO_ROOT, serveSite, type ServedSite } from './harness/site.ts';

let site: ServedSite;
let browser: Browser;

type ProbeWindow = Window & { __frameProbe?: { longest: number; frames: number; reset(): void } };

/** Installed before the page's own scripts: the longest gap between animation frames since reset(). */
const FRAME_PROBE = `(() => {
  const probe = { longest: 0, frames: 0, last: 0, reset() { this.longest = 0; this.frames = 0; this.last = 0; } };
  window.__frameProbe = probe;
  const tick = (now) => {
    if (probe.last) probe.longest = Math.max(probe.longest, now - probe.last);
    probe.last = now;
    probe.frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

beforeAll(async () => {
  site = await serveSite(await builtSite());
  browser = await launchChromium('webgpu');
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function openProbed(query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  await page.addInitScript(FRAME_PROBE);
  await openLab(page, site.url, query);
  return { page, errors };
}

/** Waits until the page shows its preparation (progress bar and Cancel), then restarts the frame probe. */
async function waitForPreparation(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window as unknown as { __lab: { preparing(): unknown } }).__lab.preparing() !== null,
    null,
    { timeout: RUN_TIMEOUT_MS },
  );
  await page.getByTestId('prep-progress').waitFor({ state: 'visible' });
  await page.getByTestId('prep-cancel').waitFor({ state: 'visible' });
  await page.evaluate(() => (window as ProbeWindow).__frameProbe!.reset());
}

function probe(page: Page): Promise<{ longest: number; frames: number }> {
  return page.evaluate(() => {
    const p = (window as ProbeWindow).__frameProbe!;
    return { longest: p.longest, frames: p.frames };
  });
}

for (const query of ['?v=1&n=20000&d=1000&k=3&steps=100', '?v=1&d=100000&n=100000&steps=10']) {
  test(`${query}: clamped with a banner saying so, prepared off the page's thread, Cancel keeps the settings`, async () => {
    const { page, errors } = await openProbed(query);
    const banner = await testIdText(page, 'error-banner');
    expect(banner).toMatch(/beyond the lab's preparation budget of 10 s|exceed the lab's 20000000/);
    const experiment = await labExperiment(page);
    expect(experiment.d).toBe(1000);
    expect(banner).toContain(`using n=${experiment.n}`);
    expect(experiment.n).toBeLessThan(20000);
    // a clamped link waits for Play (issue 21)
    expect(await labState(page)).toBe('idle');
    await page.getByTestId('play').click();
    await waitForPreparation(page);
    // the page keeps drawing frames while the worker prepares (the clamped preparation takes several
    // seconds here, so Cancel below still finds it under way)
    await page.waitForTimeout(1000);
    const during = await probe(page);
    expect(during.frames).toBeGreaterThan(5);
    expect(during.longest).toBeLessThan(RESPONSIVE_FRAME_MS);
    expect(await testIdText(page, 'prep-stage')).toMatch(/data set|SVM target|starting/);
    // Cancel ends the preparation at once and leaves the page usable with the same settings
    await page.getByTestId('prep-cancel').click({ timeout: 5000 });
    await waitForState(page, ['idle'], 10_000);
    expect(await labPreparing(page)).toBeNull();
    // the bar leaves with the next render
    await expect.poll(() => page.getByTestId('prep-progress').count()).toBe(0);
    expect(await labExperiment(page)).toEqual(experiment);
    expect(await testIdText(page, 'error-banner')).toContain('preparation cancelled; the settings are kept');
    expect(await page.getByTestId('play').isEnabled()).toBe(true);
    if (!query.includes('d=100000')) {
      mkdirSync(join(REPO_ROOT, ARTIFACTS_DIR), { recursive: true });
      await page.screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'preparation-cancelled.png') });
    }
    expect(errors).toEqual([]);
    await page.close();
  });
}

test('?v=1&n=5000&d=100&k=10 (a 10 s freeze before): clamped, prepared in the worker without a long frame, then runs', async () => {
  const { page, errors } = await openProbed('?v=1&n=5000&d=100&k=10&steps=100&engine=cpu');
  const experiment = await labExperiment(page);
  expect(experiment.n).toBeLessThan(5000);
  expect(await testIdText(page, 'error-banner')).toContain(`using n=${experiment.n}`);
  await page.getByTestId('play').click();
  await waitForPreparation(page);
  mkdirSync(join(REPO_ROOT, ARTIFACTS_DIR), { recursive: true });
  await page.screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'preparing.png') });
  // progress moves on while the SVM target is solved
  await page.waitForFunction(
    () => {
      const p = (window as unknown as { __lab: { preparing(): { fraction: number } | null } }).__lab.preparing();
      return p === null || p.fraction > 0;
    },
    null,
    { timeout: RUN_TIMEOUT_MS },
  );
  await page.waitForFunction(
    () => (window as unknown as { __lab: { preparing(): unknown } }).__lab.preparing() === null,
    null,
    { timeout: RUN_TIMEOUT_MS },
  );
  const during = await probe(page);
  expect(during.longest).toBeLessThan(RESPONSIVE_FRAME_MS);
  const state = await waitForState(page, ['running', 'done', 'error']);
  expect(state, await labState(page)).not.toBe('error');
  expect(errors).toEqual([]);
  await page.close();
});

test('γ_p in every norm are solved in the preparation worker: the bar names the norm, and Cancel stops the solves', async () => {
  // N·d·K = 2e5, the largest size whose γ_p the page solves, at its slowest shape (d·(K−1) = 900 unknowns in the
  // semidefinite programs: about 20 s of solves here), so Cancel below finds them under way on a faster machine too
  const { page, errors } = await openProbed('?v=1&n=200&d=100&k=10&steps=100&engine=cpu');
  await waitForPreparation(page);
  await page.waitForFunction(
    () =>
      /max-margin solution in the (max|l1|spectral|nuclear) norm/.test(
        (window as unknown as { __lab: { preparing(): { stage: string } | null } }).__lab.preparing()?.stage ?? '',
      ),
    null,
    { timeout: RUN_TIMEOUT_MS },
  );
  const preparing = await labPreparing(page);
  expect(preparing?.fraction).toBeGreaterThanOrEqual(0.1); // data and SVM target done: the norms' share of the bar
  await expect.poll(() => testIdText(page, 'prep-stage')).toMatch(/max-margin solution in the \w+ norm/); // the bar redraws soon after
  mkdirSync(join(REPO_ROOT, ARTIFACTS_DIR), { recursive: true });
  await page.screenshot({ path: join(REPO_ROOT, ARTIFACTS_DIR, 'preparing-norms.png') });
  const during = await probe(page);
  expect(during.longest).toBeLessThan(RESPONSIVE_FRAME_MS);
  await page.getByTestId('prep-cancel').click({ timeout: 5000 });
  await waitForState(page, ['idle'], 10_000);
  expect(await labPreparing(page)).toBeNull();
  expect(await testIdText(page, 'error-banner')).toContain('preparation cancelled; the settings are kept');
  expect(errors).toEqual([]);
  await page.close();
});
