// Engine choice for the page and the command line alike: the caller passes its own way to get a
// GPU (navigator.gpu in the browser, Dawn in Node), so this file imports nothing platform-specific.
import { CpuEngine } from '../core/cpu-engine.ts';
import { LabError, type Engine, type EngineChoice } from '../core/types.ts';
import type { GpuHandle } from './device.ts';
import { GpuEngine } from './engine.ts';

export { checkGpuSize } from './limits.ts';

/**
 * 'cpu' → the float64 engine; 'gpu' → the WebGPU engine, or a LabError that says why not;
 * 'auto' → the WebGPU engine when a device is found, else the CPU engine with a note saying why.
 */
export async function createEngine(choice: EngineChoice, acquire: () => Promise<GpuHandle>): Promise<{ engine: Engine; note?: string }> {
  if (choice === 'cpu') return { engine: new CpuEngine() };
  let handle: GpuHandle;
  try {
    handle = await acquire();
  } catch (err) {
    const reason = (err as Error).message;
    if (choice === 'gpu') throw new LabError(`engine gpu: WebGPU unavailable: ${reason}; choose engine cpu`, 'engine');
    return { engine: new CpuEngine(), note: `WebGPU unavailable: ${reason}; using the CPU float64 engine` };
  }
  return { engine: new GpuEngine(handle) };
}
