// One Chromium on the built site with one page, shared by the tests of a file: by default a tall page
// with SwiftShader's WebGPU, for the files that run presets in full and keep screenshots of them;
// other files choose the viewport or turn WebGPU off.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium, type BrowserMode } from './browser.ts';
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
export const TALL_VIEWPORT = { width: 1280, height: 1800 };
/** Playwright's own default viewport, for files that do not need a tall page. */
export const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

export interface PageOptions {
  /** TALL_VIEWPORT unless given */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** 'webgpu' (SwiftShader) unless given */
  readonly mode?: BrowserMode;
}

export async function openTallPage(options: PageOptions = {}): Promise<TallPage> {
  const site = await serveSite(await builtSite());
  const browser = await launchChromium(options.mode ?? 'webgpu');
  const page = await browser.newPage({ viewport: options.viewport ?? TALL_VIEWPORT });
  mkdirSync(join(REPO_ROOT, ARTIFACTS_DIR), { recursive: true });
  return { site, browser, page, pageErrors: collectPageErrors(page) };
}

export async function closeTallPage(tall: TallPage | undefined): Promise<void> {
  await tall?.browser.close();
  await tall?.site.close();
}

/**
 * A test file's shared page: opened in a beforeAll registered here (so before the file's own hooks
 * that come after this call) and closed after the file's tests; `assign` hands it to the file.
 */
export function useTallPage(assign: (tall: TallPage) => void, options: PageOptions = {}): void {
  let tall: TallPage | undefined;
  beforeAll(async () => {
    tall = await openTallPage(options);
    assign(tall);
  });
  afterAll(() => closeTallPage(tall));
}
