// Engine choice for the page and the command line alike: the caller passes its own way to get a
// GPU (navigator.gpu in the browser, Dawn in Node), so this file imports nothing platform-specific.
import { CpuEngine } from '../core/engine/cpu-engine.ts';
import { LabError, type Engine, type EngineChoice } from '../core/types.ts';
import type { GpuHandle } from './device.ts';
import { GpuEngine } from './engine.ts';
import { RecoveringEngine, type ResumeEvent } from './recovering-engine.ts';

export { checkGpuSize } from './limits.ts';

/** How a GPU engine carries on after its device is lost (see RecoveringEngine). */
export interface Recovery {
  /** a device that is not the lost one */
  freshDevice: () => Promise<GpuHandle>;
  /** the float64 engine that finishes the runs when no fresh device can be had */
  fallback: () => Engine;
  onResume?: (event: ResumeEvent) => void;
}

/**
 * 'cpu' → the float64 engine; 'gpu' → the WebGPU engine, or a LabError that says why not;
 * 'auto' → the WebGPU engine when a device is found, else the CPU engine with a note saying why.
 * With `recovery`, the GPU engine resumes from its last checkpoint after a lost device.
 */
export async function createEngine(
  choice: EngineChoice,
  acquire: () => Promise<GpuHandle>,
  recovery?: Recovery,
): Promise<{ engine: Engine; note?: string }> {
  if (choice === 'cpu') return { engine: new CpuEngine() };
  let handle: GpuHandle;
  try {
    handle = await acquire();
  } catch (err) {
    const reason = (err as Error).message;
    if (choice === 'gpu') throw new LabError(`engine gpu: WebGPU unavailable: ${reason}; choose engine cpu`, 'engine');
    return { engine: new CpuEngine(), note: `WebGPU unavailable: ${reason}; using the CPU float64 engine` };
  }
  return { engine: recovery ? recoveringGpuEngine(handle, recovery) : new GpuEngine(handle) };
}

/** A GPU engine on `handle` that resumes on a fresh device, or the fallback engine, after a lost device. */
export function recoveringGpuEngine(handle: GpuHandle, recovery: Recovery): RecoveringEngine {
  return new RecoveringEngine(new GpuEngine(handle), {
    fresh: async () => new GpuEngine(await recovery.freshDevice()),
    fallback: recovery.fallback,
    onResume: recovery.onResume,
  });
}
