// Resolution of a kernel's WGSL: the shared PERM-loss helpers and optimizer rules (and, for the kernels
// that run them, the spectral steps), then the kernel file, with the
// structs and constants of schemas.ts substituted by tgpu.resolve.
import { tgpu } from 'typegpu';
import { shaderSource } from '../shader-source.ts';
import { sharedExternals } from '../buffers/schemas.ts';

/** `spectral`: the kernel also runs the spectral steps (spectral.wgsl), whose functions use its grad, opt and scratch arrays. */
export function resolveKernel(file: string, externals: Record<string, object> = {}, spectral = false): string {
  const libraries = ['perm-loss.wgsl', 'optim.wgsl', ...(spectral ? ['spectral.wgsl'] : [])];
  const template = [...libraries, file].map(shaderSource).join('\n');
  return tgpu.resolve({ template, externals: { ...sharedExternals, ...externals } });
}

/** A compute pipeline for resolved WGSL and one bind-group layout (entry point `main`). */
export function createPipeline(
  device: GPUDevice,
  label: string,
  code: string,
  layout: GPUBindGroupLayout,
): GPUComputePipeline {
  const module = device.createShaderModule({ label, code });
  return device.createComputePipeline({
    label,
    layout: device.createPipelineLayout({ label, bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main' },
  });
}
