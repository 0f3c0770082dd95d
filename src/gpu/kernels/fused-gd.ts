// The fused small-problem kernel (shaders/fused-gd.wgsl): one workgroup per run, many steps per dispatch.
import { tgpu, d, type TgpuRoot } from 'typegpu';
import * as P from '../buffers/run-params.ts';
import { Chunk, RunParams, RunProgress, u32Const } from '../buffers/schemas.ts';
import { runGrid } from '../paths/run-grid.ts';
import { createPipeline, resolveKernel } from './resolve.ts';
import type { OptimizerName } from '../../core/types.ts';
import { spectralIterationsPerStep } from '../limits.ts';

export const fusedGdLayout = tgpu.bindGroupLayout({
  chunk: { uniform: Chunk, visibility: ['compute'] },
  runs: { storage: d.arrayOf(RunParams), access: 'readonly', visibility: ['compute'] },
  X: { storage: d.arrayOf(d.f32), access: 'readonly', visibility: ['compute'] },
  labels: { storage: d.arrayOf(d.u32), access: 'readonly', visibility: ['compute'] },
  W_hi: { storage: d.arrayOf(d.f32), access: 'mutable', visibility: ['compute'] },
  W_lo: { storage: d.arrayOf(d.f32), access: 'mutable', visibility: ['compute'] },
  state: { storage: d.arrayOf(RunProgress), access: 'mutable', visibility: ['compute'] },
  opt: { storage: d.arrayOf(d.f32), access: 'mutable', visibility: ['compute'] },
});

export function fusedGdWgsl(workgroupSize = P.FUSED_WORKGROUP_SIZE): string {
  return resolveKernel(
    'fused-gd.wgsl',
    {
      FUSED_WORKGROUP_SIZE: u32Const('FUSED_WORKGROUP_SIZE', workgroupSize),
      FUSED_X_CAPACITY: u32Const('FUSED_X_CAPACITY', P.FUSED_X_CAPACITY),
      FUSED_G_CAPACITY: u32Const('FUSED_G_CAPACITY', P.FUSED_G_CAPACITY),
      FUSED_ROW_CAPACITY: u32Const('FUSED_ROW_CAPACITY', P.FUSED_ROW_CAPACITY),
      FUSED_W_CAPACITY: u32Const('FUSED_W_CAPACITY', P.FUSED_W_CAPACITY),
    },
    true,
  );
}

/** Whether a problem fits the fused kernel's workgroup memory. */
export function fitsFused(n: number, dim: number, classes: number): boolean {
  return (
    n * dim <= P.FUSED_X_CAPACITY &&
    n * classes <= P.FUSED_G_CAPACITY &&
    n <= P.FUSED_ROW_CAPACITY &&
    dim * classes <= P.FUSED_W_CAPACITY &&
    classes <= P.MAX_CLASSES_PER_ROW
  );
}

/**
 * Threads per workgroup for a problem: a power of two near half of max(N, d·K), so each thread
 * owns about two rows or W entries (measured fastest on llvmpipe for the tiny presets).
 */
export function fusedWorkgroupSize(n: number, dim: number, classes: number): number {
  const want = 2 ** Math.ceil(Math.log2(Math.max(n, dim * classes, 2) / 2));
  return Math.min(P.FUSED_WORKGROUP_SIZE, Math.max(P.FUSED_MIN_WORKGROUP_SIZE, want));
}

export function fusedGdPipeline(root: TgpuRoot, workgroupSize: number): GPUComputePipeline {
  return createPipeline(root.device, 'fused-gd', fusedGdWgsl(workgroupSize), root.unwrap(fusedGdLayout));
}

/**
 * Loop iterations one invocation runs per fused step, nested loops included (upper estimate), so
 * that a dispatch stays inside SOFTWARE_LOOP_BUDGET on adapters that cap shader loops.
 */
export function fusedIterationsPerStep(
  n: number,
  dim: number,
  classes: number,
  wg: number,
  optimizer: OptimizerName = 'gd',
  ns = 0,
): number {
  const rows = Math.ceil(n / wg);
  const entries = Math.ceil((dim * classes) / wg);
  return (
    1 +
    rows * (classes * (dim + 1) + 4 * classes) +
    2 * wg +
    rows * classes +
    entries * (n + 2) +
    spectralIterationsPerStep(dim, classes, wg, optimizer, ns)
  );
}

/** One workgroup per run, on a 2-D grid when the runs outnumber one dimension (run-grid.ts). */
export const fusedGdWorkgroups = (runs: number, perDimension: number): [number, number] => runGrid(runs, perDimension);
