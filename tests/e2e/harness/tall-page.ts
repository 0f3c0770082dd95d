// One Chromium (SwiftShader WebGPU) on the built site with one tall page, shared by the test files
// that run presets in full and keep screenshots of them.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { collectPageErrors } from './lab-page.ts';
import { ARTIFACTS_DIR } from './settings.ts';
import { builtSite, REPO_ROOT, serveSite, type ServedSite } from './site.ts';

export interface TallPage {
  readonly site: ServedSite;
  readonly browser: Browser;
  readonly page: Page;
  /** uncaught exceptions in the page, collected for the whole file */
  readonly pageErrors: string[];
}

/** Tall enough that a full-page screenshot shows the curves and the checks without scrolling. */
const TALL_VIEWPORT = { width: 1280, height: 1800 };

export async function openTallPage(): Promise<TallPage> {
  const site = await serveSite(await builtSite());
  const browser = await launchChromium('webgpu');
  const page = await browser.newPage({ viewport: TALL_VIEWPORT });
  mkdirSync(join(REPO_ROOT, ARTIFACTS_DIR), { recursive: true });
  return { site, browser, page, pageErrors: collectPageErrors(page) };
}

export async function closeTallPage(tall: TallPage | undefined): Promise<void> {
  await tall?.browser.close();
  await tall?.site.close();
}
