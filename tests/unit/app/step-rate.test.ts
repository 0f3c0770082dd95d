// The progress line's rate and time left (issue 21: "25 s left" for 40 s, Figure B first saying "18 min left").
import { describe, expect, it } from 'vitest';
import { MIN_RATE_INTERVALS, RATE_TIME_CONSTANT_MS, StepRate } from '../../../src/app/state/step-rate.ts';

/** Checkpoints at t = 10^(i/10) (the page's log schedule), reached at `rate` steps/s after `warmUpMs`. */
function logSchedule(steps: number, rate: number, warmUpMs: number): { wall: number; t: number }[] {
  const ts = [0];
  for (let i = 0; 10 ** (i / 10) <= steps; i++) ts.push(Math.max(ts.at(-1)! + 1, Math.round(10 ** (i / 10))));
  if (ts.at(-1)! < steps) ts.push(steps);
  return ts.map((t) => ({ t, wall: t === 0 ? 0 : warmUpMs + (t * 1000) / rate }));
}

describe('StepRate', () => {
  it('gives no estimate until a few intervals after the warm-up, then the true rate', () => {
    const r = new StepRate();
    const points = logSchedule(100_000, 500, 8000);
    for (let i = 0; i < points.length; i++) {
      r.add(points[i].wall, points[i].t);
      // checkpoint 0 starts, 0 → 1 is warm-up, then MIN_RATE_INTERVALS intervals
      if (i < 1 + MIN_RATE_INTERVALS) {
        expect(r.stepsPerSecond, `checkpoint ${i}`).toBe(0);
        expect(r.secondsLeft(100_000, points[i].wall)).toBeNull();
      }
    }
    // a steady 500 steps/s after an 8 s warm-up: the warm-up (which alone would say 0.125 steps/s) is not counted
    expect(r.stepsPerSecond).toBeCloseTo(500, 9);
  });

  it('counts down between checkpoints far apart instead of stalling', () => {
    const r = new StepRate();
    for (const p of logSchedule(79_433, 500, 1000)) r.add(p.wall, p.t);
    const wall = 1000 + (79_433 * 1000) / 500;
    // 20,567 steps to go at 500 steps/s: 41.134 s, then 1 s less each second until the next checkpoint
    expect(r.secondsLeft(100_000, wall)).toBeCloseTo(41.134, 9);
    expect(r.secondsLeft(100_000, wall + 25_000)).toBeCloseTo(16.134, 9);
    expect(r.secondsLeft(100_000, wall + 60_000)).toBe(0);
  });

  it('moves toward a new rate by 1 − e^(−Δt/τ) per interval (an exponential moving average in wall time)', () => {
    const r = new StepRate();
    r.add(0, 0);
    r.add(5000, 10); // warm-up, skipped
    let wall = 5000;
    let t = 10;
    for (let i = 0; i < MIN_RATE_INTERVALS; i++) r.add((wall += 1000), (t += 100)); // 100 steps/s
    expect(r.stepsPerSecond).toBeCloseTo(100, 9);
    r.add((wall += 2000), (t += 400)); // 200 steps/s for 2 s
    const weight = 1 - Math.exp(-2000 / RATE_TIME_CONSTANT_MS);
    expect(r.stepsPerSecond).toBeCloseTo(100 + weight * 100, 9);
    // a pause: the paused time is no interval, and the average survives it
    r.resume();
    r.add((wall += 600_000), t);
    r.add((wall += 1000), (t += 100 + weight * 100));
    expect(r.stepsPerSecond).toBeCloseTo(100 + weight * 100, 9);
    r.reset();
    expect(r.stepsPerSecond).toBe(0);
    expect(r.secondsLeft(1000, wall)).toBeNull();
  });
});
