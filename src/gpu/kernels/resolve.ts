// Resolution of a kernel's WGSL: the shared PERM-loss helpers and optimizer rules, then the kernel file, with the
// structs and constants of schemas.ts substituted by tgpu.resolve.
import { tgpu } from 'typegpu';
import { shaderSource } from '../shader-source.ts';
import { sharedExternals } from '../schemas.ts';

export function resolveKernel(file: string, externals: Record<string, unknown> = {}): string {
  const template = `${shaderSource('perm-loss.wgsl')}\n${shaderSource('optim.wgsl')}\n${shaderSource(file)}`;
  return tgpu.resolve({ template, externals: { ...sharedExternals, ...externals } as never });
}

/** A compute pipeline for resolved WGSL and one bind-group layout (entry point `main`). */
export function createPipeline(device: GPUDevice, label: string, code: string, layout: GPUBindGroupLayout): GPUComputePipeline {
  const module = device.createShaderModule({ label, code });
  return device.createComputePipeline({
    label,
    layout: device.createPipelineLayout({ label, bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main' },
  });
}
