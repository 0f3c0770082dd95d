// Compensated accumulation of W at t = 10⁷ on a tiny preset (the Figure A size, N=10, d=2, K=3): there
// each GD update is far below f32 epsilon relative to ‖W‖. Plain f32 accumulation stalls, while the
// (high, low) two-sum accumulation follows the float64 engine. Rather than step 10⁷ times from W(0)
// (over a minute on a software GPU), the float64 engine takes the first 10⁵ steps and the rest of the
// way to 10⁷ follows the paper's asymptote (Ravi et al., arXiv 2411.01350: W(t) = Ŵ ln t + a bounded
// rest), W(10⁷) ≈ W(10⁵) + Ŵ ln 100; all three engines resume there with t = 10⁷ and take 10⁶ more
// steps, so the same sub-ulp updates are accumulated on the same step counter at a tenth of the cost.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import { safeStepBound } from '../../src/core/training/step-size.ts';
import type { Checkpoint } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { paperProblem, runSpec } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

const T = 1e7;
/** Where the float64 engine hands over to the asymptote */
const EARLY = 1e5;
/** Steps taken after t = 10⁷: ‖W‖ grows by about ‖Ŵ‖·ln 1.1 over them. */
const STEPS = 1e6;
/** By here plain f32 has kept only a sliver of float64's growth; running it further would only cost time. */
const PLAIN_STEPS = 1e5;
/** Half an f32 ulp, relative: an update smaller than this against W rounds away in plain f32. */
const F32_HALF_ULP = 2 ** -24;

it('follows float64 within 1e-3 from t = 1e7 to 1.1e7 where plain f32 accumulation stalls', async () => {
  const problem = paperProblem(10, 2, 3, 42);
  const lr = 0.9 * safeStepBound('pairlog', problem);
  const run = runSpec(problem, 'pairlog', 'gd', lr);
  const early = new CpuEngine();
  await early.load([run]);
  await early.advance(EARLY);
  const W = (await early.weights(0)).map((w, i) => w + problem.svm.W[i] * Math.log(T / EARLY));
  const resume = { t: T, W: [W] };
  const cpu = new CpuEngine();
  await cpu.load([run], resume);
  const compensated = new GpuEngine(handle);
  await compensated.load([run], resume);
  const plain = new GpuEngine(handle, { compensated: false });
  await plain.load([run], resume);
  const [start] = await cpu.checkpoint();
  const rows: { t: number; cpu: Checkpoint; compensated: Checkpoint; plain?: Checkpoint }[] = [];
  for (const t of [T + PLAIN_STEPS, T + STEPS]) {
    await cpu.advance(t - cpu.t);
    await compensated.advance(t - compensated.t);
    const [want] = await cpu.checkpoint();
    const [got] = await compensated.checkpoint();
    expect(got.t).toBe(t);
    expect(Math.abs(got.distance - want.distance), `distance at t=${t}`).toBeLessThan(1e-3);
    expect(Math.abs(got.normRatio / want.normRatio - 1), `normRatio at t=${t}`).toBeLessThan(1e-3);
    const row: (typeof rows)[number] = { t, cpu: want, compensated: got };
    if (t - T <= PLAIN_STEPS) {
      await plain.advance(t - plain.t);
      row.plain = (await plain.checkpoint())[0];
    }
    rows.push(row);
  }
  console.log(
    JSON.stringify(
      rows.map((r) => ({
        t: r.t,
        cpu: r.cpu.normRatio,
        compensated: r.compensated.normRatio,
        plain: r.plain?.normRatio,
      })),
    ),
  );
  const [first, last] = rows;
  // the regime of t = 10⁷: float64's mean update is below half an f32 ulp of W, and ‖W‖ still grows
  const perStep = (first.cpu.normRatio - start.normRatio) / PLAIN_STEPS / start.normRatio;
  expect(perStep).toBeGreaterThan(0);
  expect(perStep).toBeLessThan(F32_HALF_ULP);
  // so plain f32 keeps less than half of float64's growth (its updates round away)
  expect((first.plain as Checkpoint).normRatio - start.normRatio).toBeLessThan(
    0.5 * (first.cpu.normRatio - start.normRatio),
  );
  // while compensated accumulation keeps growing with float64 over all 10⁶ steps
  expect(
    Math.abs((last.compensated.normRatio - start.normRatio) / (last.cpu.normRatio - start.normRatio) - 1),
  ).toBeLessThan(1e-3);
  compensated.dispose();
  plain.dispose();
});
