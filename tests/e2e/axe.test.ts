// Accessibility (issue 21): axe-core on the default page, before and after a run, reports no serious
// and no moderate violations (colour contrast, landmarks, names).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openLab, waitForDone } from './harness/lab-page.ts';
import { REPO_ROOT, type ServedSite } from './harness/site.ts';
import { useTallPage } from './harness/tall-page.ts';

let site: ServedSite;
let page: Page;
let pageErrors: string[];

useTallPage((opened) => ({ site, page, pageErrors } = opened));

interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: unknown; readonly failureSummary?: string }[];
}

/** axe's serious and moderate violations on the page as it is now, one line each with its first nodes. */
async function axeProblems(): Promise<string[]> {
  await page.addScriptTag({ path: join(REPO_ROOT, 'node_modules/axe-core/axe.min.js') });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'moderate' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.help}): ${v.nodes.length} node(s), e.g. ${v.nodes
          .slice(0, 3)
          .map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`)
          .join(' | ')}`,
    );
}

test('the default page has no serious or moderate axe violations, idle and after a run', async () => {
  await openLab(page, site.url);
  expect(await axeProblems()).toEqual([]);
  await openLab(page, site.url, '?v=1&seeds=0..2&steps=300&engine=cpu');
  await waitForDone(page);
  expect(await axeProblems()).toEqual([]);
  expect(pageErrors).toEqual([]);
});
