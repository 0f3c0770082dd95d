import { CpuEngine } from '../../core/engine/cpu-engine.ts';
import { LabError, type Engine, type EngineChoice } from '../../core/types.ts';
import type { ResumeEvent } from '../../gpu/recovering-engine.ts';
import { ThreadedCpuEngine } from './thread-engine.ts';

/** What a run on the GPU needs when the optional `webgpu` package (Dawn for Node) was not installed. */
const WEBGPU_HINT =
  '--engine gpu: the optional package "webgpu" is not installed; install it with `npm install webgpu` (in the folder the lab is installed in), or use --engine cpu';

/** Whether a failed import is Node's "cannot find package 'webgpu'" (an install without optional packages). */
function isMissingWebgpu(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === 'ERR_MODULE_NOT_FOUND' && typeof e.message === 'string' && /'webgpu'/.test(e.message);
}

/** The float64 engine on `threads` worker threads, or in this thread for one. */
function cpuEngine(threads: number): Engine {
  return threads > 1 ? new ThreadedCpuEngine(threads) : new CpuEngine();
}

/**
 * The engine for a headless run. `gpu` insists on a WebGPU adapter (Dawn in Node); `auto` takes a
 * hardware adapter when there is one and the float64 CPU engine otherwise; `cpu` is float64. A GPU engine resumes by itself
 * after a lost device: on a fresh Dawn device, or else on the CPU engine, from the last checkpoint;
 * `onResume` hears of each resume.
 */
export async function engineForCli(
  choice: EngineChoice,
  onResume?: (event: ResumeEvent) => void,
  cpuThreads = 1,
): Promise<{ engine: Engine; note?: string }> {
  if (choice === 'cpu') return { engine: cpuEngine(cpuThreads) };
  let nodeDevice: typeof import('../../gpu/node-device.ts');
  try {
    nodeDevice = await import('../../gpu/node-device.ts');
  } catch (err) {
    if (!isMissingWebgpu(err)) throw err;
    if (choice === 'gpu') throw new LabError(WEBGPU_HINT, '--engine');
    return {
      engine: cpuEngine(cpuThreads),
      note: `${WEBGPU_HINT.replace(/^--engine gpu: /, '')}; using the CPU float64 engine`,
    };
  }
  const { acquireNodeGpu } = nodeDevice;
  const { isSoftwareAdapter } = await import('../../gpu/device.ts');
  const { recoveringGpuEngine } = await import('../../gpu/select-engine.ts');
  let handle;
  try {
    handle = await acquireNodeGpu();
  } catch (err) {
    const reason = (err as Error).message;
    if (choice === 'gpu')
      throw new LabError(`--engine gpu: no WebGPU adapter (${reason}); use --engine cpu`, '--engine');
    return { engine: cpuEngine(cpuThreads), note: `WebGPU unavailable (${reason}); using the CPU float64 engine` };
  }
  if (choice === 'auto' && isSoftwareAdapter(handle)) {
    handle.device.destroy();
    return {
      engine: cpuEngine(cpuThreads),
      note: `only a software adapter (${handle.adapterName}); using the CPU float64 engine (pass --engine gpu to use it anyway)`,
    };
  }
  return {
    engine: recoveringGpuEngine(handle, { freshDevice: acquireNodeGpu, fallback: () => new CpuEngine(), onResume }),
  };
}
