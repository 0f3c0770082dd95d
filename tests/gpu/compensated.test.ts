// Compensated accumulation of W at t = 10⁷ on a tiny preset (the Figure A size, N=10, d=2, K=3):
// past t ≈ 10⁶ each GD update is far below f32 epsilon relative to ‖W‖. Plain f32 accumulation
// visibly stalls there, while the (high, low) two-sum accumulation follows the float64 engine.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/cpu-engine.ts';
import { safeStepBound } from '../../src/core/stepsize.ts';
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
/** By here plain f32 accumulation is visibly off; running it further would only cost time. */
const PLAIN_T = 1e6;

it('follows float64 within 1e-3 at t = 1e7 where plain f32 accumulation stalls', async () => {
  const problem = paperProblem(10, 2, 3, 42);
  const lr = 0.9 * safeStepBound('pairlog', problem);
  const run = runSpec(problem, 'pairlog', 'gd', lr);
  const cpu = new CpuEngine();
  await cpu.load([run]);
  const compensated = new GpuEngine(handle);
  await compensated.load([run]);
  const plain = new GpuEngine(handle, { compensated: false });
  await plain.load([run]);
  const rows: { t: number; cpu: number; compensated: number; plain?: number }[] = [];
  for (const t of [1e5, PLAIN_T, T]) {
    await cpu.advance(t - cpu.t);
    await compensated.advance(t - compensated.t);
    const [want] = await cpu.checkpoint();
    const [got] = await compensated.checkpoint();
    expect(Math.abs(got.distance - want.distance), `distance at t=${t}`).toBeLessThan(1e-3);
    expect(Math.abs(got.normRatio / want.normRatio - 1), `normRatio at t=${t}`).toBeLessThan(1e-3);
    const row: (typeof rows)[number] = { t, cpu: want.normRatio, compensated: got.normRatio };
    if (t <= PLAIN_T) {
      await plain.advance(t - plain.t);
      row.plain = (await plain.checkpoint())[0].normRatio;
    }
    rows.push(row);
  }
  console.log(JSON.stringify(rows));
  // from t = 1e5 to 1e6 plain f32 loses a visible part of the growth of ‖W‖ (updates round away)
  const [at1e5, at1e6, atT] = rows;
  expect(Math.abs((at1e6.plain as number) / at1e6.cpu - 1)).toBeGreaterThan(1e-3);
  expect((at1e6.plain as number) - (at1e5.plain as number)).toBeLessThan(0.99 * (at1e6.cpu - at1e5.cpu));
  // while compensated accumulation keeps growing with float64 all the way to 1e7
  expect(Math.abs((atT.compensated - at1e6.compensated) / (atT.cpu - at1e6.cpu) - 1)).toBeLessThan(1e-3);
  compensated.dispose();
  plain.dispose();
});
