// The tiled path (large problems) against the float64 engine, on sizes small enough for the
// emulated adapter but not multiples of the tile, so every edge of the tiles is exercised.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import { LabError, LOSS_NAMES, type Problem, type RunSpec } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { centredProblem, paperProblem, runSpec } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

async function compare(gpu: GpuEngine, runs: RunSpec[], steps: readonly number[], tolerance: number): Promise<void> {
  const cpu = new CpuEngine();
  await gpu.load(runs);
  await cpu.load(runs);
  for (const t of steps) {
    await gpu.advance(t - gpu.t);
    await cpu.advance(t - cpu.t);
    const [got, want] = [await gpu.checkpoint(), await cpu.checkpoint()];
    runs.forEach((run, r) => {
      const what = `${run.loss} ${run.optimizer} t=${t}`;
      expect(got[r].status, what).toBe(want[r].status);
      expect(Math.abs(got[r].normRatio / want[r].normRatio - 1), what).toBeLessThan(tolerance);
      expect(Math.abs(got[r].distance - want[r].distance), what).toBeLessThan(tolerance);
      expect(Math.abs(got[r].loss / want[r].loss - 1), what).toBeLessThan(10 * tolerance);
    });
  }
}

it('runs every loss with GD and NGD like the float64 engine', async () => {
  const problem = paperProblem(37, 5, 3, 1);
  // the exponential loss at η = 0.05 jumps to a loss of 1e68 in one step here, beyond f32's range
  const lr = (loss: string) => (loss === 'exp' ? 0.002 : 0.05);
  const runs = LOSS_NAMES.flatMap((loss) => [
    runSpec(problem, loss, 'gd', lr(loss)),
    runSpec(problem, loss, 'ngd', 0.05),
  ]);
  const gpu = new GpuEngine(handle, { path: 'tiled' });
  await compare(gpu, runs, [1, 12], 1e-5);
  expect(gpu.pathName).toBe('tiled');
  gpu.dispose();
});

it('takes the tiled path when a problem is too big for the fused one, and follows float64', async () => {
  const problem = paperProblem(420, 19, 5, 3); // N·d = 7980 floats: beyond one workgroup's memory
  const runs = [runSpec(problem, 'pairlog', 'gd', 0.1 / 5), runSpec(problem, 'ce', 'ngd', 0.5, { schedule: 'sqrt' })];
  const gpu = new GpuEngine(handle);
  await compare(gpu, runs, [40], 1e-5);
  expect(gpu.pathName).toBe('tiled');
  gpu.dispose();
});

it('runs K = 20 classes (beyond the fused kernel’s registers) like the float64 engine', async () => {
  const problem = centredProblem(60, 5, 20, 0);
  const runs = [runSpec(problem, 'pairlog', 'gd', 0.1 / 20), runSpec(problem, 'ce', 'ngd', 0.05)];
  const gpu = new GpuEngine(handle);
  await compare(gpu, runs, [50, 300], 1e-5);
  expect(gpu.pathName).toBe('tiled');
  gpu.dispose();
});

it('refuses K = 101 by name before allocating (the data is never touched)', async () => {
  const small = paperProblem(20, 3, 3, 0);
  // a problem that claims 101 classes but holds no data: reading it would fail, so refusal must come first
  const wide: Problem = { ...small, train: { ...small.train, k: 101, X: new Float64Array(0), y: new Int32Array(0) } };
  const run = { ...runSpec(small, 'pairlog', 'gd', 0.1), problem: wide, W0: new Float64Array(3 * 101) };
  const error = await new GpuEngine(handle).load([run]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LabError);
  expect((error as LabError).field).toBe('k');
  expect((error as LabError).message).toBe(
    'K = 101 classes: the GPU engine handles at most 100 (the range its kernels are built and tested for); lower k or use the CPU engine',
  );
});
