// Dawn in Node (the `webgpu` package). Node only: browser code must never import this file.
import { create, globals } from 'webgpu';
import { deviceFromAdapter, type GpuHandle } from './device.ts';

let installed = false;

/**
 * Every Dawn instance made here, kept reachable for the life of the process: the devices do not
 * hold their instance, and once the garbage collector frees it, Dawn's event processing
 * dereferences freed memory and the process dies (SIGSEGV, futex or mutex aborts at random).
 */
const instances: GPU[] = [];

function dawnInstance(flags: string[]): GPU {
  const gpu = create(flags);
  instances.push(gpu);
  return gpu;
}

/** Dawn's GPU* constants (GPUBufferUsage, GPUMapMode, …) as globals, the way a browser has them. */
function installGlobals(): void {
  if (installed) return;
  Object.assign(globalThis, globals);
  installed = true;
}

/**
 * A Dawn device: Vulkan (the default backend) first, then OpenGL ES through EGL with a
 * compatibility-mode adapter, which is what runs on machines without a GPU (Mesa llvmpipe).
 */
export async function acquireNodeGpu(): Promise<GpuHandle> {
  process.env.EGL_PLATFORM ??= 'surfaceless';
  installGlobals();
  const reasons: string[] = [];
  try {
    const adapter = await dawnInstance([]).requestAdapter({ powerPreference: 'high-performance' });
    if (adapter) return await deviceFromAdapter(adapter, 'dawn vulkan');
    reasons.push('Vulkan: no adapter');
  } catch (err) {
    reasons.push(`Vulkan: ${(err as Error).message}`);
  }
  try {
    const adapter = await dawnInstance(['backend=opengles']).requestAdapter({ featureLevel: 'compatibility' });
    if (adapter) return await deviceFromAdapter(adapter, 'dawn opengles (compatibility)');
    reasons.push('OpenGL ES: no adapter');
  } catch (err) {
    reasons.push(`OpenGL ES: ${(err as Error).message}`);
  }
  throw new Error(`no WebGPU adapter in Node (${reasons.join('; ')})`);
}
