// A first visit (issue 21): the page says to start with a preset, each preset's one-sentence
// prediction can be read before any click (hover or keyboard focus, and the button's title), and the
// symbols the sentences use (ET, β, Ŵ, ρ_p, γ_p) are defined in one line each.
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { PRESETS } from '../../src/app/state/presets.ts';
import { labState, openLab, testIdText } from './harness/lab-page.ts';
import type { ServedSite } from './harness/site.ts';
import { DEFAULT_VIEWPORT, useTallPage } from './harness/tall-page.ts';

let site: ServedSite;
let page: Page;
let pageErrors: string[];

useTallPage((opened) => ({ site, page, pageErrors } = opened), { viewport: DEFAULT_VIEWPORT, mode: 'no-webgpu' });

test('the bare page says "Start with a preset" and shows a preset’s sentence on hover and on focus, idle', async () => {
  await openLab(page, site.url);
  expect(await testIdText(page, 'preset-start')).toMatch(
    /^Start with a preset: each button runs one of the paper's predictions/,
  );
  expect(await page.getByTestId('preset-claim').count()).toBe(0);
  for (const preset of PRESETS) {
    // the title holds the prediction too, for a pointer that rests
    expect(await page.getByTestId(`preset-${preset.id}`).getAttribute('title')).toBe(
      `${preset.title}. ${preset.claim}`,
    );
  }
  const [first, second] = PRESETS;
  await page.getByTestId(`preset-${first.id}`).hover();
  const claim = page.getByTestId('preset-claim');
  await expect.poll(() => claim.getAttribute('data-preset')).toBe(first.id);
  expect(await claim.getAttribute('data-preview')).toBe('true');
  expect(await claim.innerText()).toContain(`${first.label} (click to run).`);
  expect(await claim.innerText()).toContain(first.claim);
  await page.mouse.move(0, 0);
  await expect.poll(() => claim.count()).toBe(0);
  // keyboard: focus alone shows it
  await page.getByTestId(`preset-${second.id}`).focus();
  await expect.poll(() => claim.getAttribute('data-preset')).toBe(second.id);
  expect(await claim.innerText()).toContain(second.claim);
  // nothing ran
  expect(await labState(page)).toBe('idle');
  // once a preset is chosen, hovering another leaves its sentence in place (the pointer lands on another
  // button when the "Start with a preset" line goes away)
  await page.getByTestId(`preset-${first.id}`).click();
  await expect.poll(() => claim.getAttribute('data-preset')).toBe(first.id);
  await page.getByTestId(`preset-${second.id}`).hover();
  expect(await claim.getAttribute('data-preset')).toBe(first.id);
  expect(await claim.getAttribute('data-preview')).toBe('false');
  expect(pageErrors).toEqual([]);
});

test('ET, β, Ŵ, ρ_p and γ_p are each defined in one line, and the ET chips say what ET is', async () => {
  await openLab(page, site.url);
  const symbols = page.getByTestId('symbols');
  expect(await symbols.locator('summary').innerText()).toBe('What the symbols mean: Ŵ, ET, β, γ_p, ρ_p');
  await symbols.locator('summary').click();
  const terms = await symbols.locator('dt').allInnerTexts();
  expect(terms).toEqual(['Ŵ', 'ET', 'β', 'γ_p', 'ρ_p']);
  const lines = await symbols.locator('dd').allInnerTexts();
  expect(lines[1]).toMatch(/^exponential tail/);
  expect(lines[4]).toMatch(/^m\(W\)\/\(‖W‖_p γ_p\)/);
  for (const line of lines) expect(line.length).toBeGreaterThan(40);
  const ceChip = page.locator('button[title^="Cross-entropy"], button[title*="(ET: exponential tail"]').first();
  expect(await ceChip.getAttribute('title')).toContain(
    '(ET: exponential tail, the paper’s condition for turning toward Ŵ)',
  );
  // the safe-η hint's tooltip says what β is
  expect(await page.locator('span.hint[title^="β: the smoothness constant of the loss"]').count()).toBe(1);
  expect(pageErrors).toEqual([]);
});
