// The Export bar's "Python script" (issue 19): the page downloads implicit-bias-lab-<preset>.py, and that
// program, run with Debian's python3-numpy, prints the JSON lines of `lab run --url <the page's link>
// --engine cpu`: the same lines and keys, numbers within 1e-9 relative (the summary's seconds aside).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { runCommand } from '../../src/cli/commands/run.ts';
import { openLab, waitForDone } from './harness/lab-page.ts';
import type { ServedSite } from './harness/site.ts';
import { useTallPage } from './harness/tall-page.ts';

let site: ServedSite;
let page: Page;
let pageErrors: string[];
let dir: string;

useTallPage((opened) => ({ site, page, pageErrors } = opened), { mode: 'no-webgpu' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lab-e2e-python-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A python3 with numpy: the one on PATH, else Debian's. */
function python(): string {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (spawnSync(candidate, ['-c', 'import numpy']).status === 0) return candidate;
  }
  throw new Error('no python3 with numpy; run `npm run setup` (scripts/setup.sh installs python3-numpy)');
}

function close(a: unknown, b: unknown, path: string): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    const rel = a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    return rel <= 1e-9 ? undefined : `${path}: ${a} vs ${b}`;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    if (keys.join() !== Object.keys(b).join()) return `${path}: keys differ`;
    for (const key of keys) {
      if (key === 'seconds') continue;
      const diff = close((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
      if (diff) return diff;
    }
    return undefined;
  }
  return a === b ? undefined : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

test('Export → Python script downloads a program that prints the lines of lab run --engine cpu', async () => {
  const link = '?v=1&n=40&d=6&k=3&seeds=0..1&loss=pairlog,hinge&steps=200&engine=cpu';
  await openLab(page, site.url, link);
  await waitForDone(page);
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByTestId('export-python').click();
  await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(1);
  expect(downloads[0].suggestedFilename()).toMatch(/^implicit-bias-lab-[\w-]+\.py$/);
  const path = join(dir, downloads[0].suggestedFilename());
  await downloads[0].saveAs(path);
  expect(readFileSync(path, 'utf8')).toMatch(
    /^#!\/usr\/bin\/env python3\n"""Implicit Bias Lab experiment, exported by the Export bar/,
  );
  const r = spawnSync(python(), [path], { encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  const lab: string[] = [];
  await runCommand(
    parseArgs(['run', '--url', link, '--engine', 'cpu']),
    (l) => lab.push(l),
    () => {},
    () => {},
  );
  expect(lines.length).toBe(lab.length);
  for (let i = 0; i < lab.length; i++)
    expect(close(JSON.parse(lines[i]), JSON.parse(lab[i]), `line ${i + 1}`)).toBeUndefined();
  expect(pageErrors).toEqual([]);
});
