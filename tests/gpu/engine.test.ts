// Whole runs of the GPU engine against the float64 CPU engine on the paper's data (N=100, d=10,
// K=3, η = 0.1/K as in the authors' Figure B), and the engine's contract: divergence, a lost device
// and resuming from the last checkpoint.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import { Driver } from '../../src/core/engine/driver.ts';
import { EngineLostError, type Checkpoint, type RunSpec } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { paperProblem, runSpec } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

function expectClose(got: Checkpoint, want: Checkpoint, what: string): void {
  expect(Math.abs(got.distance - want.distance), `${what}: distance`).toBeLessThan(1e-4);
  expect(Math.abs(got.normRatio / want.normRatio - 1), `${what}: normRatio`).toBeLessThan(1e-4);
  expect(Math.abs(got.loss / want.loss - 1), `${what}: loss`).toBeLessThan(1e-3);
  expect(Math.abs(got.marginRatio - want.marginRatio), `${what}: marginRatio`).toBeLessThan(1e-3);
  expect(got.trainAcc).toBe(want.trainAcc);
  expect(got.testAcc).toBe(want.testAcc);
  expect(got.status).toBe(want.status);
}

describe('paper data, Figure B set-up', () => {
  it('matches float64 distance and norm ratio within 1e-4 at t = 1e4 and 1e5', async () => {
    const seeds = [0, 1].map((seed) => paperProblem(100, 10, 3, seed));
    const runs: RunSpec[] = seeds.flatMap((p, seed) => [
      runSpec(p, 'pairlog', 'gd', 0.1 / 3, { seed }),
      runSpec(p, 'ce', 'gd', 0.1, { seed }),
    ]);
    const gpu = new GpuEngine(handle);
    const cpu = new CpuEngine();
    await gpu.load(runs);
    await cpu.load(runs);
    for (const t of [1e4, 1e5]) {
      await gpu.advance(t - gpu.t);
      await cpu.advance(t - cpu.t);
      const [got, want] = [await gpu.checkpoint(), await cpu.checkpoint()];
      runs.forEach((run, r) => expectClose(got[r], want[r], `${run.label} t=${t}`));
    }
    gpu.dispose();
  });
});

describe('normalised GD', () => {
  // NGD's first steps amplify tiny perturbations: float64 itself, started from W(0) rounded to f32
  // (a 1e-8 change), moves normRatio by 5e-4 at t = 100 on seed 1. f32 rounding in every step is
  // amplified the same way, so NGD is held to 1e-2 here, not to GD's 1e-4.
  it('follows float64 within 1e-2 (norm ratio) and 1e-3 (distance) at t = 1e4', async () => {
    const runs = [0, 1].flatMap((seed) => {
      const p = paperProblem(100, 10, 3, seed);
      return [runSpec(p, 'pairlog', 'ngd', 1, { seed, schedule: 'sqrt' }), runSpec(p, 'ce', 'ngd', 0.1, { seed })];
    });
    const gpu = new GpuEngine(handle);
    const cpu = new CpuEngine();
    await gpu.load(runs);
    await cpu.load(runs);
    await gpu.advance(1e4);
    await cpu.advance(1e4);
    const [got, want] = [await gpu.checkpoint(), await cpu.checkpoint()];
    runs.forEach((run, r) => {
      expect(Math.abs(got[r].normRatio / want[r].normRatio - 1), run.label).toBeLessThan(1e-2);
      expect(Math.abs(got[r].distance - want[r].distance), run.label).toBeLessThan(1e-3);
    });
    gpu.dispose();
  });
});

/** How long a test waits after a device loss for promise rejections that might surface late. */
const LATE_REJECTION_WAIT_MS = 400;

describe('engine contract', () => {
  // a lost device must surface only as the public call's EngineLostError, never as a stray rejection
  let unhandled: unknown[] = [];
  const collect = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', collect);
  });
  afterEach(() => {
    process.off('unhandledRejection', collect);
  });
  const expectNoUnhandledRejections = async () => {
    await new Promise((resolve) => setTimeout(resolve, LATE_REJECTION_WAIT_MS));
    expect(unhandled).toEqual([]);
  };

  it('freezes a diverging run with the CPU engine’s message and keeps the others going', async () => {
    const p = paperProblem(100, 10, 3, 0);
    const runs = [runSpec(p, 'exp', 'gd', 0.1), runSpec(p, 'pairlog', 'gd', 0.1)];
    const gpu = new GpuEngine(handle);
    const cpu = new CpuEngine();
    await gpu.load(runs);
    await cpu.load(runs);
    await gpu.advance(50);
    await cpu.advance(50);
    const [got, want] = [await gpu.checkpoint(), await cpu.checkpoint()];
    expect(got[0].status).toBe('diverged');
    expect(got[0].message).toBe(want[0].message);
    expect(got[1].status).toBe('running');
    expectClose(got[1], want[1], 'live run next to a diverged one');
    gpu.dispose();
  });

  it.each(['fused', 'tiled'] as const)(
    '%s path: stops a run at the first checkpoint with a non-finite metric, with the CPU engine’s message (issue 11, item 11)',
    async (path) => {
      // NGD with η = 1e6 keeps W finite (each step has norm η) while exp's loss overflows at once
      const p = paperProblem(100, 10, 3, 0);
      const runs = [runSpec(p, 'exp', 'ngd', 1e6), runSpec(p, 'pairlog', 'gd', 0.1 / 3)];
      const gpu = new GpuEngine(handle, { path });
      const cpu = new CpuEngine();
      await gpu.load(runs);
      await cpu.load(runs);
      await gpu.advance(1);
      await cpu.advance(1);
      const [got, want] = [await gpu.checkpoint(), await cpu.checkpoint()];
      expect(want[0].loss).toBe(Infinity);
      expect(got[0].loss).toBe(Infinity);
      expect(got[0].status).toBe('diverged');
      expect(got[0].message).toMatch(/^diverged at t = 1: loss is Infinity/);
      expect(got[0].message).toBe(want[0].message);
      expect(got[1].status).toBe('running');
      await gpu.advance(9);
      const later = await gpu.checkpoint();
      expect(later[0].t).toBe(10);
      expect(later[0].status).toBe('diverged');
      expect(later[0].message).toBe(got[0].message);
      // the run stopped where it diverged: W (and so every metric) is the t = 1 one
      expect(later[0].normRatio).toBe(got[0].normRatio);
      expect(later[1].status).toBe('running');
      gpu.dispose();
    },
  );

  it('surfaces a lost device as EngineLostError and resumes from the last checkpoint on a fresh device', async () => {
    const own = await acquireNodeGpu();
    const p = paperProblem(100, 10, 3, 2);
    const runs = [runSpec(p, 'pairlog', 'gd', 0.1 / 3, { seed: 2 })];
    const gpu = new GpuEngine(own);
    await gpu.load(runs);
    await gpu.advance(300);
    await gpu.checkpoint();
    own.device.destroy();
    await expect(gpu.advance(100)).rejects.toBeInstanceOf(EngineLostError);
    const resume = gpu.lastCheckpoint;
    expect(resume?.t).toBe(300);

    const fresh = new GpuEngine(handle);
    await fresh.load(runs, resume);
    await fresh.advance(200);
    const cpu = new CpuEngine();
    await cpu.load(runs);
    await cpu.advance(500);
    expect(fresh.t).toBe(500);
    expectClose((await fresh.checkpoint())[0], (await cpu.checkpoint())[0], 'resumed run');
    fresh.dispose();
    await expect(gpu.checkpoint()).rejects.toBeInstanceOf(EngineLostError);
    await expectNoUnhandledRejections();
  });

  // Dawn settles device.lost at once on destroy(); a browser may settle it later than the aborted
  // mapping, which the engine must still report as a lost device
  const lostSettles = async (): Promise<GpuHandle> => acquireNodeGpu();
  const lostStaysSilent = async (): Promise<GpuHandle> => {
    const real = await acquireNodeGpu();
    const device = new Proxy(real.device, {
      get(target, key) {
        if (key === 'lost') return new Promise<never>(() => undefined);
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return { ...real, device };
  };
  for (const [how, acquire] of [
    ['device.lost settles', lostSettles],
    ['device.lost stays silent', lostStaysSilent],
  ] as const) {
    it(`turns a device lost while advance() waits on submitted steps into EngineLostError (${how})`, async () => {
      const own = await acquire();
      const runs = [runSpec(paperProblem(37, 5, 3, 1), 'pairlog', 'gd', 0.05)];
      const gpu = new GpuEngine(own, { path: 'tiled', stepsPerSubmit: 2 });
      await gpu.load(runs);
      await gpu.checkpoint();
      let settled = false;
      // thousands of tiled steps take seconds here, so the device goes while submits are in flight
      const advancing = gpu.advance(5000).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(settled).toBe(false);
      own.device.destroy();
      const error = await advancing.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineLostError);
      expect((error as Error).message).toMatch(
        /^the GPU device was lost \(.+\); resume from the last checkpoint at t = 0 on a fresh engine$/,
      );
      await expect(gpu.advance(1)).rejects.toBeInstanceOf(EngineLostError);
      await expectNoUnhandledRejections();
    });

    it(`turns a device lost while checkpoint() waits on its read-back into EngineLostError (${how})`, async () => {
      const own = await acquire();
      const runs = [runSpec(paperProblem(100, 10, 3, 2), 'pairlog', 'gd', 0.1 / 3, { seed: 2 })];
      const gpu = new GpuEngine(own);
      await gpu.load(runs);
      await gpu.advance(200);
      const reading = gpu.checkpoint();
      own.device.destroy();
      await expect(reading).rejects.toBeInstanceOf(EngineLostError);
      expect(gpu.lastCheckpoint?.t).toBe(0);
      await expect(gpu.weights(0)).rejects.toBeInstanceOf(EngineLostError);
      await expectNoUnhandledRejections();
    });
  }
});

describe('checkpoint read-back', () => {
  /** Counts mapAsync calls on the engine's staging buffers (fences, which track submits, are left out). */
  function countStagingMaps(): { count: () => number; restore: () => void } {
    const probe = handle.device.createBuffer({ size: 8, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const proto = Object.getPrototypeOf(probe) as GPUBuffer;
    probe.destroy();
    let count = 0;
    const original = proto.mapAsync;
    proto.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
      if (this.label.startsWith('staging')) count++;
      return original.apply(this, args);
    };
    return { count: () => count, restore: () => void (proto.mapAsync = original) };
  }

  it('maps one buffer per checkpoint for every run: metrics and all W, weights() served from it', async () => {
    const p = paperProblem(40, 4, 3, 3);
    const runs = [
      runSpec(p, 'pairlog', 'gd', 0.1),
      runSpec(p, 'ce', 'gd', 0.1, { seed: 1 }),
      runSpec(p, 'exp', 'ngd', 0.1, { seed: 2 }),
    ];
    const gpu = new GpuEngine(handle);
    const cpu = new CpuEngine();
    await gpu.load(runs);
    await cpu.load(runs);
    const maps = countStagingMaps();
    try {
      await gpu.advance(60);
      await cpu.advance(60);
      await gpu.checkpoint();
      const W = await Promise.all(runs.map((_, r) => gpu.weights(r)));
      expect(maps.count()).toBe(1);
      for (let r = 0; r < runs.length; r++) {
        const want = await cpu.weights(r);
        const size = Math.max(...want.map(Math.abs));
        want.forEach((w, q) => expect(Math.abs(W[r][q] - w) / size).toBeLessThan(1e-5));
      }
      // a caller changing its copy does not change what the engine serves
      W[0].fill(0);
      expect((await gpu.weights(0))[0]).not.toBe(0);
      expect(maps.count()).toBe(1);
      // t moved: the next read is fresh, and again one for all runs
      await gpu.advance(5);
      await cpu.advance(5);
      const again = await gpu.weights(2);
      await gpu.checkpoint();
      await gpu.weights(0);
      expect(maps.count()).toBe(2);
      const want = await cpu.weights(2);
      want.forEach((w, q) => expect(Math.abs(again[q] - w) / Math.max(...want.map(Math.abs))).toBeLessThan(1e-5));

      // the driver reads back once per checkpoint, whatever the number of runs
      const fresh = new GpuEngine(handle);
      await fresh.load(runs);
      const before = maps.count();
      let checkpoints = 0;
      await new Driver(fresh, runs, { steps: 200 }).run(() => checkpoints++);
      expect(checkpoints).toBeGreaterThan(10);
      expect(maps.count() - before).toBe(checkpoints);
      fresh.dispose();
    } finally {
      maps.restore();
      gpu.dispose();
    }
  });
});
