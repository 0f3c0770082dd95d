// Which engine the page runs on. The GPU engine comes from the gpu room's createEngine; the CPU
// engine always runs in a Web Worker here, so a long CPU run never freezes the page.
import { acquireGpu } from '../gpu/device.ts';
import { createEngine } from '../gpu/select-engine.ts';
import type { Engine, EngineChoice } from '../core/types.ts';
import { WorkerEngine } from './worker-engine.ts';

export interface OpenedEngine {
  readonly engine: Engine;
  /** why the page is not on the GPU although it could have been asked to be (for the no-WebGPU banner) */
  readonly noWebGpu?: string;
  /** anything else worth a warning */
  readonly note?: string;
}

const NO_WEBGPU =
  'WebGPU is not available in this browser, so the lab runs on the float64 CPU engine in a Web Worker (same numbers, slower). ' +
  'Chrome, Edge and recent Safari/Firefox have WebGPU; on Linux Chromium it may need --enable-unsafe-webgpu.';

/** Says at start-up, before any run, when this browser has no usable WebGPU (empty when it has). */
export async function probeWebGpu(): Promise<string> {
  if (typeof navigator === 'undefined' || !navigator.gpu) return NO_WEBGPU;
  try {
    return (await navigator.gpu.requestAdapter()) ? '' : NO_ADAPTER;
  } catch {
    return NO_ADAPTER;
  }
}

const NO_ADAPTER =
  'This browser has WebGPU but offered no adapter (no usable GPU, or it is blocked), so the lab runs on the float64 CPU engine in a Web Worker.';

export async function openEngine(choice: EngineChoice): Promise<OpenedEngine> {
  if (choice === 'cpu') return { engine: new WorkerEngine() };
  if (typeof navigator === 'undefined' || !navigator.gpu) return { engine: new WorkerEngine(), noWebGpu: NO_WEBGPU };
  try {
    const selected = await createEngine(choice, () => acquireGpu({ gpu: navigator.gpu }));
    if (selected.engine.kind === 'gpu') return { engine: selected.engine, note: selected.note };
    // createEngine fell back to its in-thread CPU engine: swap it for the worker one
    selected.engine.dispose();
    return { engine: new WorkerEngine(), noWebGpu: `${selected.note ?? 'The GPU adapter was refused.'} The float64 CPU engine runs in a Web Worker instead.` };
  } catch (e) {
    if (choice === 'gpu') throw e;
    const why = e instanceof Error ? e.message : String(e);
    return { engine: new WorkerEngine(), noWebGpu: `WebGPU failed (${why}); the float64 CPU engine runs in a Web Worker instead.` };
  }
}
