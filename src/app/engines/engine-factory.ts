// Which engine the page runs on: the WebGPU engine (through the gpu room's createEngine) on this
// page's one GPU device, or the float64 CPU engine in a Web Worker (never on the page's thread, so a
// long CPU run never freezes the page).
import { acquireGpu, isSoftwareAdapter, watchUncapturedErrors, type GpuHandle } from '../../gpu/device.ts';
import type { Engine, EngineChoice } from '../../core/types.ts';
import type { ResumeEvent } from '../../gpu/recovering-engine.ts';
import { SplitEngine } from '../../core/engine/split-engine.ts';
import { WorkerEngine } from './worker-engine.ts';

/**
 * The float64 engine in Web Workers, one per core (navigator.hardwareConcurrency), each holding a
 * contiguous block of the runs: the same numbers as one worker, sooner when there are many runs.
 */
function cpuWorkers(): Engine {
  const cores =
    typeof navigator !== 'undefined' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
  return new SplitEngine(() => new WorkerEngine(), cores, 'CPU float64 (Web Worker)');
}

interface OpenedEngine {
  readonly engine: Engine;
  /** why the page is not on the GPU although it could have been (for the no-WebGPU banner) */
  readonly noWebGpu?: string;
  /** a note on the choice made, for the status line */
  readonly note?: string;
}

const NO_WEBGPU =
  'WebGPU is not available in this browser, so the lab runs on the float64 CPU engine in a Web Worker (same numbers, slower). ' +
  'Chrome, Edge and Safari 26+ have WebGPU, and so does Firefox on Windows (141 and later) and on macOS; ' +
  'Firefox on Linux does not have it yet, and Chromium on Linux may need --enable-unsafe-webgpu.';
const NO_ADAPTER =
  'This browser has WebGPU but offered no adapter (no usable GPU, or it is blocked), so the lab runs on the float64 CPU engine in a Web Worker.';

/** One device per page, shared by successive runs; a lost device is replaced on the next request. */
let device: { handle: Promise<GpuHandle>; lost: boolean } | undefined;

/**
 * Who hears of a GPU error no error scope caught: the run that opened the latest engine. Each device
 * gets one listener that calls this, so successive runs on the shared device add no listeners.
 */
let reportGpuError: ((text: string) => void) | undefined;

export function gpuHandle(): Promise<GpuHandle> {
  if (!device || device.lost) {
    const entry = { handle: acquireGpu({ gpu: navigator.gpu }), lost: false };
    entry.handle.then(
      (h) => {
        watchUncapturedErrors(h.device, (text) => reportGpuError?.(text));
        return h.device.lost.then(() => (entry.lost = true));
      },
      () => (entry.lost = true), // a refusal is retried next time
    );
    device = entry;
  }
  return device.handle;
}

/** A device other than the one the page holds (which has been lost): the next request gets it too. */
function freshGpuHandle(): Promise<GpuHandle> {
  device = undefined;
  return gpuHandle();
}

/** Says at start-up, before any run, when this browser has no usable WebGPU (empty when it has). */
export async function probeWebGpu(): Promise<string> {
  if (typeof navigator === 'undefined' || !navigator.gpu) return NO_WEBGPU;
  try {
    return (await navigator.gpu.requestAdapter()) ? '' : NO_ADAPTER;
  } catch {
    return NO_ADAPTER;
  }
}

/**
 * The engine for `choice`. A GPU engine resumes by itself after a lost device (on a fresh device, or
 * on the worker engine when there is none) and reports each resume through `onResume`; a GPU error
 * that no error scope caught (validation, out of memory) goes to `onGpuError`.
 */
export async function openEngine(
  choice: EngineChoice,
  onResume?: (event: ResumeEvent) => void,
  onGpuError?: (text: string) => void,
): Promise<OpenedEngine> {
  // an older run's reporter must not hear this run's device
  reportGpuError = onGpuError;
  if (choice === 'cpu') return { engine: cpuWorkers() };
  if (typeof navigator === 'undefined' || !navigator.gpu) return { engine: cpuWorkers(), noWebGpu: NO_WEBGPU };
  let handle: GpuHandle;
  try {
    handle = await gpuHandle();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      engine: cpuWorkers(),
      noWebGpu: `WebGPU refused a device (${why}); the float64 CPU engine runs in a Web Worker instead.`,
    };
  }
  // checked here too, before the GPU chunk is loaded: a software adapter gets the worker engine at once
  if (choice === 'auto' && isSoftwareAdapter(handle)) {
    return {
      engine: cpuWorkers(),
      note: `engine auto: the only adapter is a software one (${handle.adapterName}), slower than the float64 CPU engine; choose engine gpu to use it anyway`,
    };
  }
  // the GPU engine (with TypeGPU) is loaded on first use, so the page paints before it arrives
  const { createEngine } = await import('../../gpu/select-engine.ts');
  const selected = await createEngine(choice, async () => handle, {
    freshDevice: freshGpuHandle,
    fallback: () => cpuWorkers(),
    onResume,
  });
  if (selected.engine.kind === 'gpu') return selected;
  // createEngine fell back to its in-thread CPU engine: the page wants the worker one
  selected.engine.dispose();
  return {
    engine: cpuWorkers(),
    noWebGpu: `${selected.note ?? 'WebGPU is unavailable'}; the CPU engine runs in a Web Worker.`,
  };
}
