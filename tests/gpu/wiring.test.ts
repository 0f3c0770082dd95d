// The resolved WGSL (snapshots), size refusal before allocation, and engine selection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CpuEngine } from '../../src/core/engine/cpu-engine.ts';
import { LabError, type Problem } from '../../src/core/types.ts';
import type { GpuHandle } from '../../src/gpu/device.ts';
import { GpuEngine } from '../../src/gpu/engine.ts';
import { fusedGdWgsl } from '../../src/gpu/kernels/fused-gd.ts';
import { metricsWgsl } from '../../src/gpu/kernels/metrics.ts';
import { TILED_KERNELS, tiledWgsl, type TiledKernel } from '../../src/gpu/kernels/tiled.ts';
import { acquireNodeGpu } from '../../src/gpu/node-device.ts';
import { checkGpuSize, createEngine } from '../../src/gpu/select-engine.ts';
import { paperProblem, runSpec } from './helpers.ts';

let handle: GpuHandle;
beforeAll(async () => {
  handle = await acquireNodeGpu();
});
afterAll(() => handle?.device.destroy());

describe('resolved WGSL', () => {
  it('fused-gd (64 and 8 threads)', () => {
    expect(fusedGdWgsl(64)).toMatchSnapshot();
    expect(fusedGdWgsl(8)).toMatchSnapshot();
  });
  it('metrics', () => {
    expect(metricsWgsl()).toMatchSnapshot();
  });
  for (const kernel of Object.keys(TILED_KERNELS) as TiledKernel[]) {
    it(`tiled ${kernel}`, () => {
      expect(tiledWgsl(kernel)).toMatchSnapshot();
    });
  }
});

describe('sizes beyond the adapter', () => {
  it('names the size and the limit', () => {
    const limits = {
      ...handle.limits,
      maxStorageBufferBindingSize: 128 * 2 ** 20,
      maxBufferSize: 256 * 2 ** 20,
    } as GPUSupportedLimits;
    expect(checkGpuSize(100, 10, 3, 10, limits)).toBeNull();
    expect(checkGpuSize(100, 10, 100, 1, limits)).toBeNull();
    expect(checkGpuSize(100, 10, 101, 1, limits)).toContain('K = 101 classes');
    const message = checkGpuSize(100_000, 1000, 10, 1, limits);
    expect(message).toContain('N×d = 100000×1000');
    expect(message).toContain('needs 381 MiB');
    expect(message).toContain('maxStorageBufferBindingSize of 128 MiB');
  });

  it('GpuEngine.load refuses before allocating anything (the data is never touched)', async () => {
    const small = paperProblem(20, 3, 3, 0);
    const n = Math.ceil(handle.limits.maxStorageBufferBindingSize / 4 / 500) + 1;
    // a problem that claims N×500 features but holds none: reading X would fail, so refusal must come first
    const huge: Problem = {
      ...small,
      train: { ...small.train, n, d: 500, X: new Float64Array(0), y: new Int32Array(0) },
    };
    const run = { ...runSpec(small, 'pairlog', 'gd', 0.1), problem: huge, W0: new Float64Array(500 * 3) };
    const engine = new GpuEngine(handle);
    const error = await engine.load([run]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect((error as LabError).field).toBe('n');
    expect((error as LabError).message).toMatch(
      new RegExp(`N×d = ${n}×500 f32\\) needs .* MiB, beyond this GPU's max\\w+ of .* MiB`),
    );
  });
});

describe('createEngine', () => {
  const fails = async (): Promise<GpuHandle> => {
    throw new Error('no adapter here');
  };
  it('cpu is the float64 engine', async () => {
    expect((await createEngine('cpu', fails)).engine).toBeInstanceOf(CpuEngine);
  });
  it('auto falls back to the CPU engine with a note saying why', async () => {
    const { engine, note } = await createEngine('auto', fails);
    expect(engine).toBeInstanceOf(CpuEngine);
    expect(note).toBe('WebGPU unavailable: no adapter here; using the CPU float64 engine');
  });
  it('gpu without an adapter is a LabError with the reason', async () => {
    await expect(createEngine('gpu', fails)).rejects.toThrow(/WebGPU unavailable: no adapter here/);
  });
  it('gpu and auto take the adapter when there is one, and report it', async () => {
    for (const choice of ['gpu', 'auto'] as const) {
      const { engine, note } = await createEngine(choice, async () => handle);
      expect(engine.kind).toBe('gpu');
      expect(engine.device).toBe(handle.adapterName);
      expect(note).toBeUndefined();
    }
    expect(handle.adapterName.length).toBeGreaterThan(0);
  });
});
