// Frame times inside the page, for the browser benches: requestAnimationFrame deltas and long tasks,
// recorded in the page and summarised (longest, 95th percentile, frames over the budget).
import type { Page } from 'playwright-core';

/** The target: no frame longer than this while a run streams. */
export const FRAME_BUDGET_MS = 50;

export interface FrameStats {
  frames: number;
  seconds: number;
  fps: number;
  longestFrameMs: number;
  p95FrameMs: number;
  framesOverBudget: number;
  longTasks: number;
  longestLongTaskMs: number;
  /** frames over budget: when (ms after recording began) and how long, to tell start-up from streaming */
  overBudget: { atMs: number; ms: number }[];
}

type FrameWindow = Window & { __benchFrames?: number[]; __benchLongTasks?: number[]; __benchStop?: boolean };

/**
 * Records requestAnimationFrame deltas and long-task durations inside the page. Passed as source
 * text: tsx (esbuild keepNames) would wrap named inner functions in a `__name` helper the page lacks.
 */
const FRAME_RECORDER = `(() => {
  window.__benchFrames = [];
  window.__benchLongTasks = [];
  window.__benchStop = false;
  let last = 0;
  function tick(now) {
    window.__benchFrames.push(now - last);
    last = now;
    if (!window.__benchStop) requestAnimationFrame(tick);
  }
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__benchLongTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
})()`;

export async function startFrameRecorder(page: Page): Promise<void> {
  await page.evaluate(FRAME_RECORDER);
}

export async function stopFrameRecorder(page: Page): Promise<FrameStats> {
  const { frames, longTasks } = await page.evaluate(() => {
    const w = window as FrameWindow;
    w.__benchStop = true;
    return { frames: w.__benchFrames ?? [], longTasks: w.__benchLongTasks ?? [] };
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const total = frames.reduce((a, b) => a + b, 0);
  const overBudget: { atMs: number; ms: number }[] = [];
  frames.reduce((at, ms) => {
    if (ms > FRAME_BUDGET_MS) overBudget.push({ atMs: Math.round(at), ms: Math.round(ms) });
    return at + ms;
  }, 0);
  return {
    frames: frames.length,
    seconds: total / 1000,
    fps: frames.length / (total / 1000),
    longestFrameMs: sorted.at(-1) ?? NaN,
    p95FrameMs: sorted[Math.floor(0.95 * (sorted.length - 1))] ?? NaN,
    framesOverBudget: frames.filter((f) => f > FRAME_BUDGET_MS).length,
    longTasks: longTasks.length,
    longestLongTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
    overBudget,
  };
}
