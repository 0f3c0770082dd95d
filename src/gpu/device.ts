// The one place that finds a WebGPU adapter. Browser code passes `navigator.gpu`; Node passes the
// Dawn instance from node-device.ts. Nothing here imports Node modules.

export interface GpuHandle {
  device: GPUDevice;
  /** the adapter's description, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)" or "NVIDIA H200" */
  adapterName: string;
  /** how the adapter is driven: "webgpu", "vulkan", "opengles (compatibility)", … */
  backend: string;
  /** the limits granted to the device (raised to what the adapter allows) */
  limits: GPUSupportedLimits;
  isFallback: boolean;
}

/** Adapters that emulate a GPU on the CPU (SwiftShader, llvmpipe, lavapipe). */
const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software/i;

/**
 * Whether the adapter is a CPU emulation of a GPU. Such adapters run this workload slower than the
 * float64 CPU engine, so engine choice `auto` passes them over (page and CLI alike).
 */
export function isSoftwareAdapter(handle: GpuHandle): boolean {
  return handle.isFallback || SOFTWARE_ADAPTER.test(handle.adapterName);
}

/** Limits the engine raises to the adapter's maximum, so large problems fit where the hardware allows. */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

export function adapterDescription(adapter: GPUAdapter): string {
  const info = adapter.info;
  const parts = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s): s is string =>
    Boolean(s),
  );
  return [...new Set(parts)].join(' · ') || 'unnamed WebGPU adapter';
}

/**
 * Request a device with raised limits from an adapter.
 * @param backend words for the report, e.g. "vulkan" or "opengles (compatibility)"
 */
export async function deviceFromAdapter(adapter: GPUAdapter, backend: string): Promise<GpuHandle> {
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];
  const device = await adapter.requestDevice({ requiredLimits });
  const isFallback = Boolean(
    (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? adapter.info?.isFallbackAdapter,
  );
  return { device, adapterName: adapterDescription(adapter), backend, limits: device.limits, isFallback };
}

/**
 * A device from `opts.gpu` (default `navigator.gpu`): a core adapter first, then a compatibility
 * adapter (`preferCompat` swaps the order). Throws an Error that says why when there is none.
 */
export async function acquireGpu(opts: { gpu?: GPU; preferCompat?: boolean } = {}): Promise<GpuHandle> {
  const gpu = opts.gpu ?? (typeof navigator !== 'undefined' ? navigator.gpu : undefined);
  if (!gpu) throw new Error('this browser has no WebGPU (navigator.gpu is missing)');
  const levels: ('core' | 'compatibility')[] = opts.preferCompat
    ? ['compatibility', 'core']
    : ['core', 'compatibility'];
  for (const featureLevel of levels) {
    const adapter = await gpu.requestAdapter({ featureLevel, powerPreference: 'high-performance' });
    if (adapter) return deviceFromAdapter(adapter, featureLevel === 'core' ? 'webgpu' : 'webgpu (compatibility)');
  }
  throw new Error('no WebGPU adapter was found (requestAdapter returned null)');
}
