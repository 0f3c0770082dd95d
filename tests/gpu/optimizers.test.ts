// The optimizer family on the GPU engine (shaders/optim.wgsl) against the float64 engine, on both
// paths, and the refusal by name of the optimizers the GPU engine does not implement yet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/cpu-engine.ts';
import { LabError, OPTIMIZER_NAMES, type RunSpec } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { GPU_OPTIMIZERS } from '../../src/gpu/optimizer-support.ts';
import { paperProblem, runSpec } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

/** max |W_gpu − W_cpu| / max |W_cpu| over the entries of W, and how many entries differ by more than 1e-4 of that scale */
async function weightGap(gpu: GpuEngine, cpu: CpuEngine, r: number): Promise<{ rel: number; far: number }> {
  const [a, b] = [await gpu.weights(r), await cpu.weights(r)];
  const scale = Math.max(...b.map(Math.abs));
  const gaps = a.map((x, q) => Math.abs(x - b[q]) / scale);
  return { rel: Math.max(...gaps), far: gaps.filter((g) => g > 1e-4).length };
}

describe('sign descent on the GPU', () => {
  for (const path of ['fused', 'tiled'] as const) {
    it(`follows float64 on the ${path} path (η/√(t+1), 300 steps), every step's sign agreeing`, async () => {
      const problem = paperProblem(30, 4, 3, 2);
      const runs: RunSpec[] = [
        runSpec(problem, 'ce', 'sign', 0.05, { schedule: 'sqrt', seed: 1 }),
        runSpec(problem, 'pairlog', 'sign', 0.02, { seed: 2 }),
      ];
      const gpu = new GpuEngine(handle, { path });
      const cpu = new CpuEngine();
      await gpu.load(runs);
      await cpu.load(runs);
      for (const steps of [1, 29, 270]) {
        await gpu.advance(steps);
        await cpu.advance(steps);
        for (let r = 0; r < runs.length; r++) {
          const { rel, far } = await weightGap(gpu, cpu, r);
          // a flipped sign would move one entry by 2η_t, far beyond f32 rounding
          expect(far, `run ${r} t=${gpu.t}`).toBe(0);
          expect(rel, `run ${r} t=${gpu.t}`).toBeLessThan(1e-5);
        }
      }
      const [got, want] = [await gpu.checkpoint(), await cpu.checkpoint()];
      got.forEach((c, r) => expect(Math.abs(c.distance - want[r].distance)).toBeLessThan(1e-5));
      expect(gpu.pathName).toBe(path);
      gpu.dispose();
    });
  }
});

describe('optimizers the GPU engine does not implement yet', () => {
  const missing = OPTIMIZER_NAMES.filter((o) => !GPU_OPTIMIZERS.has(o));
  it('are refused by name before anything is allocated', async () => {
    const problem = paperProblem(20, 3, 3, 0);
    for (const optimizer of missing) {
      const error = await new GpuEngine(handle).load([runSpec(problem, 'ce', 'gd', 0.1), runSpec(problem, 'ce', optimizer, 0.1)]).catch((e: unknown) => e);
      expect(error, optimizer).toBeInstanceOf(LabError);
      expect((error as LabError).field).toBe('engine');
      expect((error as LabError).message).toMatch(new RegExp(`^the GPU engine does not run \`${optimizer}\` yet .*; use engine=cpu$`));
    }
  });
});
