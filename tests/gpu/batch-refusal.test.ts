// The GPU engine has no mini-batches yet (issue 17): a run with batch < N is refused at load by the batch
// field, naming the CPU engine, rather than run silently as full batch; batch = N runs as full batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import { LabError } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { maxRelDiff, paperProblem, runSpec } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

const problem = paperProblem(12, 3, 3, 1);

describe('mini-batches on the GPU engine (issue 17)', () => {
  it('refuses batch < N by field, with the fix', async () => {
    const gpu = new GpuEngine(handle);
    const run = { ...runSpec(problem, 'ce', 'gd', 0.5), batch: 5, bseed: 0 };
    const err = await gpu.load([run]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).field).toBe('batch');
    expect((err as LabError).message).toBe('batch: mini-batches run on the CPU engine for now; use engine=cpu');
    gpu.dispose();
  });

  it('runs batch = N as full batch, beside the CPU engine', async () => {
    const run = { ...runSpec(problem, 'ce', 'gd', 0.5), batch: 12, bseed: 3 };
    const gpu = new GpuEngine(handle);
    const cpu = new CpuEngine();
    await gpu.load([run]);
    await cpu.load([runSpec(problem, 'ce', 'gd', 0.5)]);
    await gpu.advance(50);
    await cpu.advance(50);
    expect(maxRelDiff(await gpu.weights(0), await cpu.weights(0))).toBeLessThan(1e-4);
    gpu.dispose();
  });
});
