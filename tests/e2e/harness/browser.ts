// Debian's Chromium through playwright-core, in one of two modes: with SwiftShader's WebGPU, or
// with WebGPU off (the path a user without WebGPU takes).
import { chromium, type Browser } from 'playwright-core';
import { BASE_FLAGS, CHROMIUM_PATH, NO_WEBGPU_FLAGS, WEBGPU_FLAGS } from './settings.ts';

export type BrowserMode = 'webgpu' | 'no-webgpu';

export function chromiumFlags(mode: BrowserMode): string[] {
  return [...BASE_FLAGS, ...(mode === 'webgpu' ? WEBGPU_FLAGS : NO_WEBGPU_FLAGS)];
}

export function launchChromium(mode: BrowserMode): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumFlags(mode) });
}
