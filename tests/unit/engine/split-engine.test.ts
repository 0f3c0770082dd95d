// The split engine: runs spread over several CPU engines give bit for bit one engine's numbers,
// checkpoints in run order, weights of any run, and resuming from a checkpoint.
import { describe, expect, it } from 'vitest';
import { CpuEngine } from '../../../src/core/engine/cpu-engine.ts';
import { DEFAULT_EXPERIMENT } from '../../../src/core/experiment/experiment.ts';
import { expandRuns } from '../../../src/core/engine/experiment-preparation.ts';
import { packWeights, unpackWeights } from '../../../src/core/engine/packed-weights.ts';
import { SplitEngine } from '../../../src/core/engine/split-engine.ts';
import type { ResumeState, RunSpec } from '../../../src/core/types.ts';

// 2 seeds × {PairLogLoss, exp} × {GD, NGD} × 2 step sizes = 16 runs; η = 8 makes some diverge
const { runs } = expandRuns({
  ...DEFAULT_EXPERIMENT,
  n: 30,
  d: 4,
  seeds: [0, 1],
  losses: ['pairlog', 'exp'],
  optimizers: ['gd', 'ngd'],
  lrs: [0.1, 8],
  init: 'gaussian',
});

describe('SplitEngine', () => {
  it('equals one CpuEngine bit for bit for 1 to 5 parts, and never uses more parts than runs', async () => {
    const one = new CpuEngine();
    await one.load(runs);
    await one.advance(150);
    const want = await one.checkpoint();
    expect(want.some((cp) => cp.status === 'diverged')).toBe(true);
    const wantW = await Promise.all(runs.map((_, r) => one.weights(r)));
    for (const parts of [1, 2, 3, 5]) {
      const split = new SplitEngine(() => new CpuEngine(), parts);
      await split.load(runs);
      expect(split.parts).toBe(parts);
      await split.advance(100);
      await split.advance(50);
      expect(split.t).toBe(150);
      expect(await split.checkpoint(), `${parts} parts`).toEqual(want);
      expect(await Promise.all(runs.map((_, r) => split.weights(r))), `${parts} parts`).toEqual(wantW);
      // every run's W in one call (one message per worker on the page) is each run's W, in run order
      expect(await split.allWeights(), `${parts} parts`).toEqual(wantW);
      split.dispose();
    }
    const wide = new SplitEngine(() => new CpuEngine(), 64);
    await wide.load(runs.slice(0, 3));
    expect(wide.parts).toBe(3);
    await expect(wide.weights(3)).rejects.toThrow(/run 3 is not loaded/);
  });

  it("resumes from a checkpoint's weights as one resumed engine does", async () => {
    const one = new CpuEngine();
    await one.load(runs);
    await one.advance(40);
    const W = await Promise.all(runs.map((_, r) => one.weights(r)));
    const resumed = new CpuEngine();
    await resumed.load(runs, { t: 40, W });
    await resumed.advance(60);
    const want = await resumed.checkpoint();
    const split = new SplitEngine(() => new CpuEngine(), 3);
    await split.load(runs, { t: 40, W });
    await split.advance(60);
    expect(await split.checkpoint()).toEqual(want);
  });

  it('hands each part the optimizer state of its own runs when resuming', async () => {
    const seen: (ResumeState | undefined)[] = [];
    class Recording extends CpuEngine {
      override async load(loaded: readonly RunSpec[], resume?: ResumeState): Promise<void> {
        seen.push(resume);
        return super.load(loaded, resume);
      }
    }
    const few = runs.slice(0, 4);
    const W = few.map((run) => Float64Array.from(run.W0));
    const optim = few.map((run, r) => ({
      m: new Float64Array(run.W0.length).fill(r),
      v: new Float64Array(run.W0.length),
      mLog: r,
      vLog: -Infinity,
    }));
    const split = new SplitEngine(() => new Recording(), 2);
    await split.load(few, { t: 7, W, optim });
    expect(seen.map((resume) => resume?.optim)).toEqual([optim.slice(0, 2), optim.slice(2, 4)]);
    expect(seen.map((resume) => resume?.W)).toEqual([W.slice(0, 2), W.slice(2, 4)]);
    split.dispose();
  });
});

describe('packed weights', () => {
  it('packs runs of different sizes into one array and unpacks the same values in order', () => {
    const ws = [Float64Array.of(1, 2, 3), Float64Array.of(), Float64Array.of(-0, NaN, Infinity, 4.5, 2 ** -1074)];
    const packed = packWeights(ws);
    expect([...packed.lengths]).toEqual([3, 0, 5]);
    expect([...packed.data]).toEqual([1, 2, 3, -0, NaN, Infinity, 4.5, 2 ** -1074]);
    expect(unpackWeights(packed)).toEqual(ws);
    expect(Object.is(unpackWeights(packed)[2][0], -0)).toBe(true);
  });
});
