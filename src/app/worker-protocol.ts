// Messages between the page's WorkerEngine and the CPU engine living in cpu-worker.ts.
import type { EngineErrorMessage, EngineRequest } from '../core/engine-messages.ts';
import type { PackedWeights } from '../core/packed-weights.ts';
import type { Checkpoint } from '../core/types.ts';

export type WorkerRequest = EngineRequest;

export type WorkerResult = void | Checkpoint[] | Float64Array | PackedWeights;

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly t: number; readonly device: string; readonly result: WorkerResult }
  | { readonly id: number; readonly ok: false; readonly error: EngineErrorMessage };
