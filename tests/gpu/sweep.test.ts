// Sweeps on the GPU engine: one workgroup per run on a 2-D grid once the runs outnumber one grid
// dimension, and a 10,000-run sweep on the paper's data held to the float64 CPU engine on a sample.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import { DEFAULT_EXPERIMENT, parseField } from '../../src/core/experiment/experiment.ts';
import { expandRuns } from '../../src/core/engine/experiment-preparation.ts';
import type { Checkpoint, RunSpec } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { runGrid } from '../../src/gpu/paths/run-grid.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

/** The kind of sweep: seeds × {PairLogLoss, CE, exp} × log-spaced η from 1e-3 to 10, Gaussian starts. */
function sweep(seeds: number, lrs: number): RunSpec[] {
  return expandRuns({
    ...DEFAULT_EXPERIMENT,
    seeds: [...Array(seeds).keys()],
    losses: ['pairlog', 'ce', 'exp'],
    init: 'gaussian',
    lrs: parseField('lrs', `1e-3..10:log:${lrs}`) as number[],
  }).runs;
}

async function runFor(engine: GpuEngine | CpuEngine, runs: readonly RunSpec[], steps: number): Promise<Checkpoint[]> {
  await engine.load(runs);
  await engine.advance(steps);
  const cps = await engine.checkpoint();
  engine.dispose();
  return cps;
}

describe('the 2-D run grid', () => {
  it('covers the runs with less than one row to spare', () => {
    expect(runGrid(10, 65_535)).toEqual([10, 1]);
    expect(runGrid(70_000, 65_535)).toEqual([65_535, 2]);
    expect(runGrid(37, 8)).toEqual([8, 5]);
    expect(() => runGrid(65, 8)).toThrow(/beyond 8 workgroups per dimension/);
  });

  it("gives bit for bit the 1-D grid's results, the last row overhanging (37 runs on 8 × 5)", async () => {
    const runs = sweep(2, 7).slice(0, 37);
    const flat = await runFor(new GpuEngine(handle), runs, 30);
    const grid = await runFor(new GpuEngine(handle, { gridLimit: 8 }), runs, 30);
    expect(grid).toEqual(flat);
    // the metrics pass also runs on the grid on the tiled path
    const tiledRuns = runs.slice(0, 9);
    expect(await runFor(new GpuEngine(handle, { path: 'tiled', gridLimit: 4 }), tiledRuns, 3)).toEqual(
      await runFor(new GpuEngine(handle, { path: 'tiled' }), tiledRuns, 3),
    );
  });
});

describe('a 10,000-run sweep', () => {
  it('runs in one engine and matches float64 on a sample of runs', async () => {
    // 16 seeds × 3 losses × 209 step sizes = 10,032 runs, 20 steps (llvmpipe is a CPU emulator)
    const runs = sweep(16, 209);
    expect(runs.length).toBe(10_032);
    const steps = 20;
    const gpu = await runFor(new GpuEngine(handle), runs, steps);
    expect(gpu).toHaveLength(runs.length);
    expect(gpu.map((cp) => cp.run)).toEqual(runs.map((_, r) => r));
    // every 97th run, which visits every seed, loss and decade of η
    const sample = runs.map((_, r) => r).filter((r) => r % 97 === 0);
    const cpu = await runFor(
      new CpuEngine(),
      sample.map((r) => runs[r]),
      steps,
    );
    let diverged = 0;
    sample.forEach((r, i) => {
      const [got, want] = [gpu[r], cpu[i]];
      const what = runs[r].label;
      expect(got.status, what).toBe(want.status);
      if (want.status === 'diverged') {
        diverged++;
        return;
      }
      expect(Math.abs(got.distance - want.distance), `${what}: distance`).toBeLessThan(1e-4);
      expect(Math.abs(got.normRatio / want.normRatio - 1), `${what}: normRatio`).toBeLessThan(1e-4);
      expect(Math.abs(got.loss / want.loss - 1), `${what}: loss`).toBeLessThan(1e-3);
      expect(Math.abs(got.marginRatio - want.marginRatio), `${what}: marginRatio`).toBeLessThan(1e-3);
      expect(got.trainAcc, what).toBe(want.trainAcc);
    });
    // η up to 10 is far past every loss's safe bound (about 2): the sample holds runs that diverge
    expect(diverged).toBeGreaterThan(0);
    expect(diverged).toBeLessThan(sample.length);
  });
});
