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
  return {
    device,
    adapterName: adapterDescription(adapter),
    backend,
    limits: device.limits,
    isFallback: isFallbackAdapter(adapter),
  };
}

/**
 * Whether the browser says the adapter is a fallback (software) one. The spec moved this flag onto
 * GPUAdapterInfo (https://gpuweb.github.io/gpuweb/#dom-gpuadapterinfo-isfallbackadapter) and
 * deprecated GPUAdapter.isFallbackAdapter, so the info is read first and the old flag only where
 * the info does not carry it.
 */
export function isFallbackAdapter(adapter: GPUAdapter): boolean {
  const fromInfo = (adapter.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined)?.isFallbackAdapter;
  if (typeof fromInfo === 'boolean') return fromInfo;
  return Boolean((adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter);
}

/** The kinds of GPUError a device raises (https://gpuweb.github.io/gpuweb/#errors-and-debugging). */
const GPU_ERROR_KINDS: Record<string, string> = {
  GPUValidationError: 'a validation error',
  GPUOutOfMemoryError: 'an out-of-memory error',
  GPUInternalError: 'an internal error',
};

/** Words for an error the device raised that no error scope caught. */
export function describeUncapturedError(error: { message?: string; constructor?: { name?: string } }): string {
  const kind = GPU_ERROR_KINDS[error.constructor?.name ?? ''] ?? 'an error';
  const detail = error.message?.trim() || 'no message';
  return (
    `the GPU reported ${kind} during this run (${detail}); its numbers from here on cannot be trusted, so the run was stopped. ` +
    'Press Reset and Play to try again, or choose engine cpu'
  );
}

/**
 * Calls `report` with words for every error the device raises outside an error scope: without a
 * listener WebGPU only logs such errors to the console and the run carries on with wrong buffers,
 * i.e. silently wrong curves. Returns a function that stops listening.
 */
export function watchUncapturedErrors(device: GPUDevice, report: (text: string) => void): () => void {
  const listener = (event: Event) => {
    const error = (event as GPUUncapturedErrorEvent).error;
    // the page reports it; without preventDefault the browser also logs it, which helps whoever debugs it
    report(describeUncapturedError(error ?? {}));
  };
  device.addEventListener('uncapturederror', listener);
  return () => device.removeEventListener('uncapturederror', listener);
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
