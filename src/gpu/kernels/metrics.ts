// The checkpoint metrics reduction (shaders/metrics.wgsl): one workgroup per run.
import { tgpu, d, type TgpuRoot } from 'typegpu';
import * as P from '../buffers/run-params.ts';
import { RunMetrics, RunParams, u32Const } from '../buffers/schemas.ts';
import { runGrid } from '../paths/run-grid.ts';
import { createPipeline, resolveKernel } from './resolve.ts';

export const metricsLayout = tgpu.bindGroupLayout({
  runs: { storage: d.arrayOf(RunParams), access: 'readonly', visibility: ['compute'] },
  X: { storage: d.arrayOf(d.f32), access: 'readonly', visibility: ['compute'] },
  labels: { storage: d.arrayOf(d.u32), access: 'readonly', visibility: ['compute'] },
  W_hi: { storage: d.arrayOf(d.f32), access: 'readonly', visibility: ['compute'] },
  W_lo: { storage: d.arrayOf(d.f32), access: 'readonly', visibility: ['compute'] },
  metrics: { storage: d.arrayOf(RunMetrics), access: 'mutable', visibility: ['compute'] },
});

export function metricsWgsl(): string {
  return resolveKernel('metrics.wgsl', {
    METRICS_WORKGROUP_SIZE: u32Const('METRICS_WORKGROUP_SIZE', P.LINEAR_WORKGROUP_SIZE),
  });
}

export function metricsPipeline(root: TgpuRoot): GPUComputePipeline {
  return createPipeline(root.device, 'metrics', metricsWgsl(), root.unwrap(metricsLayout));
}

/** One workgroup per run, on a 2-D grid when the runs outnumber one dimension (run-grid.ts). */
export const metricsWorkgroups = (runs: number, perDimension: number): [number, number] => runGrid(runs, perDimension);
