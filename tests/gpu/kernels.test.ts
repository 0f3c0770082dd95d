// Each kernel against the float64 core on small random inputs, executed for real on Dawn:
// the metrics reduction at a random W, and the fused step kernel over a few steps, for every loss
// and every optimizer the GPU engine implements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import { computeMetrics } from '../../src/core/training/metrics.ts';
import { LOSS_NAMES, OPTIMIZER_NAMES, type RunSpec } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { movesRowSums } from '../../src/core/training/optimizers.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { maxRelDiff, paperProblem, runSpec, stepBeside } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

const problem = paperProblem(24, 3, 4, 5);
/** W(0) scaled up so that margins reach the losses' tails (and hinge/squared see both signs). */
function scaledRun(
  loss: (typeof LOSS_NAMES)[number],
  optimizer: (typeof OPTIMIZER_NAMES)[number],
  scale: number,
): RunSpec {
  const base = runSpec(problem, loss, optimizer, optimizer === 'gd' ? 0.05 : 0.02, { seed: 3 });
  return { ...base, W0: base.W0.map((w) => w * scale) };
}

describe('metrics kernel', () => {
  it('reduces loss, smallest margin and accuracy like computeMetrics, for every loss', async () => {
    const runs = LOSS_NAMES.flatMap((loss) => [scaledRun(loss, 'gd', 1), scaledRun(loss, 'gd', 8)]);
    const engine = new GpuEngine(handle);
    await engine.load(runs);
    const got = await engine.checkpoint();
    runs.forEach((run, r) => {
      const want = computeMetrics(run.W0, problem, run.loss);
      expect(Math.abs(got[r].loss - want.loss) / want.loss, `${run.loss} loss`).toBeLessThan(2e-5);
      expect(got[r].margin).toBeCloseTo(want.margin, 5);
      expect(got[r].trainAcc).toBe(want.trainAcc);
      expect(got[r].testAcc).toBe(want.testAcc);
      expect(got[r].distance).toBeCloseTo(want.distance, 6);
      expect(got[r].normRatio).toBeCloseTo(want.normRatio, 6);
    });
    engine.dispose();
  });
});

describe('fused step kernel', () => {
  for (const optimizer of OPTIMIZER_NAMES) {
    it(`applies ${optimizer} steps like the float64 engine for every loss`, async () => {
      const runs = LOSS_NAMES.flatMap((loss) => [scaledRun(loss, optimizer, 1), scaledRun(loss, optimizer, 6)]);
      const { gpu } = await stepBeside(handle, runs, {}, [1, 19], async (gpu, cpu, r) => {
        const [a, b] = [await gpu.weights(r), await cpu.weights(r)];
        expect(maxRelDiff(a, b), `${runs[r].loss} ${optimizer} t=${gpu.t}`).toBeLessThan(2e-5);
        // W·1 is invariant under every PERM gradient: the row sums stay those of W(0), up to f32 rounding of W
        // (entrywise steps such as sign move W·1; their margins do not see it)
        if (movesRowSums(optimizer)) return;
        const size = Math.max(...a.map(Math.abs));
        for (let j = 0; j < problem.train.d; j++) {
          const k = problem.train.k;
          const rowSum = (w: Float64Array) => w.slice(j * k, j * k + k).reduce((s, x) => s + x, 0);
          expect(Math.abs(rowSum(a) - rowSum(runs[r].W0)) / size, `${runs[r].loss} row ${j}`).toBeLessThan(1e-5);
        }
      });
      gpu.dispose();
    });
  }

  it('applies the sqrt step-size schedule from the resumed t', async () => {
    const base = runSpec(problem, 'ce', 'ngd', 0.5, { schedule: 'sqrt', seed: 4 });
    const gpu = new GpuEngine(handle);
    const cpu = new CpuEngine();
    const resume = { t: 40, W: [base.W0] };
    await gpu.load([base], resume);
    await cpu.load([base], resume);
    await gpu.advance(25);
    await cpu.advance(25);
    expect(gpu.t).toBe(65);
    expect(maxRelDiff(await gpu.weights(0), await cpu.weights(0))).toBeLessThan(2e-5);
    gpu.dispose();
  });
});
