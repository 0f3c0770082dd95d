// The kernels of the tiled path, one step of one run each (shaders/scores.wgsl,
// perm-grad.wgsl, xt-g.wgsl, grad-norm.wgsl, polar.wgsl for the spectral family only, update.wgsl): layouts, resolved WGSL, pipelines and
// dispatch sizes. They share one bind-group layout shape per kernel, all compute-only.
import { tgpu, d, type TgpuRoot } from 'typegpu';
import { LINEAR_WORKGROUP_SIZE, SPLIT_K_PARTS, TILE } from '../buffers/run-params.ts';
import { OptimStep, RunParams, RunProgress } from '../buffers/schemas.ts';
import { createPipeline, resolveKernel } from './resolve.ts';

const compute = ['compute'] as 'compute'[];
const readonlyF32 = { storage: d.arrayOf(d.f32), access: 'readonly', visibility: compute } as const;
const mutableF32 = { storage: d.arrayOf(d.f32), access: 'mutable', visibility: compute } as const;
const runUniform = { uniform: RunParams, visibility: compute } as const;

export const scoresLayout = tgpu.bindGroupLayout({ run: runUniform, X: readonlyF32, W_hi: readonlyF32, G: mutableF32 });
export const permGradLayout = tgpu.bindGroupLayout({
  run: runUniform,
  labels: { storage: d.arrayOf(d.u32), access: 'readonly', visibility: compute },
  G: mutableF32,
  rowShift: mutableF32,
});
export const xtGLayout = tgpu.bindGroupLayout({
  run: runUniform,
  X: readonlyF32,
  G: readonlyF32,
  rowShift: readonlyF32,
  partial: mutableF32,
  sliceShift: mutableF32,
});
export const gradNormLayout = tgpu.bindGroupLayout({
  run: runUniform,
  partial: readonlyF32,
  sliceShift: readonlyF32,
  grad: mutableF32,
  state: { storage: d.arrayOf(RunProgress), access: 'mutable', visibility: compute },
  step: { storage: OptimStep, access: 'mutable', visibility: compute },
  opt: mutableF32,
});
const readonlyStep = { storage: OptimStep, access: 'readonly', visibility: compute } as const;
export const polarLayout = tgpu.bindGroupLayout({
  run: runUniform,
  grad: mutableF32,
  step: readonlyStep,
  opt: mutableF32,
  scratch: mutableF32,
});
export const updateLayout = tgpu.bindGroupLayout({
  run: runUniform,
  grad: readonlyF32,
  step: readonlyStep,
  W_hi: mutableF32,
  W_lo: mutableF32,
  opt: mutableF32,
});

export const TILED_KERNELS = {
  scores: { file: 'scores.wgsl', layout: scoresLayout },
  permGrad: { file: 'perm-grad.wgsl', layout: permGradLayout },
  xtG: { file: 'xt-g.wgsl', layout: xtGLayout },
  gradNorm: { file: 'grad-norm.wgsl', layout: gradNormLayout },
  polar: { file: 'polar.wgsl', layout: polarLayout },
  update: { file: 'update.wgsl', layout: updateLayout },
} as const;
export type TiledKernel = keyof typeof TILED_KERNELS;

export const tiledWgsl = (kernel: TiledKernel): string =>
  resolveKernel(TILED_KERNELS[kernel].file, {}, kernel === 'polar');

export function tiledPipeline(root: TgpuRoot, kernel: TiledKernel): GPUComputePipeline {
  return createPipeline(root.device, kernel, tiledWgsl(kernel), root.unwrap(TILED_KERNELS[kernel].layout));
}

const ceil = (a: number, b: number) => Math.ceil(a / b);

/** Workgroups of each kernel for a problem of N×d features and K classes. */
export function tiledWorkgroups(
  n: number,
  dim: number,
  classes: number,
): Record<TiledKernel, [number, number, number]> {
  return {
    scores: [ceil(classes, TILE), ceil(n, TILE), 1],
    permGrad: [ceil(n, LINEAR_WORKGROUP_SIZE), 1, 1],
    xtG: [ceil(classes, TILE), ceil(dim, TILE), SPLIT_K_PARTS],
    gradNorm: [1, 1, 1],
    polar: [1, 1, 1],
    update: [ceil(dim * classes, LINEAR_WORKGROUP_SIZE), 1, 1],
  };
}
