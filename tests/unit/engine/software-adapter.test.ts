import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter, type GpuHandle } from '../../../src/gpu/device.ts';

const handle = (adapterName: string, isFallback = false) => ({ adapterName, isFallback }) as GpuHandle;

describe('isSoftwareAdapter', () => {
  it('names the CPU emulators that `auto` passes over, and nothing else', () => {
    expect(isSoftwareAdapter(handle('llvmpipe-llvm-15-0-6-256-bits- · OpenGL ES 3.2 Mesa 22.3.6'))).toBe(true);
    expect(isSoftwareAdapter(handle('google · swiftshader'))).toBe(true);
    expect(isSoftwareAdapter(handle('lavapipe'))).toBe(true);
    expect(isSoftwareAdapter(handle('some adapter', true))).toBe(true);
    expect(isSoftwareAdapter(handle('NVIDIA H200 · Vulkan'))).toBe(false);
    expect(isSoftwareAdapter(handle('apple · metal-3'))).toBe(false);
  });
});
