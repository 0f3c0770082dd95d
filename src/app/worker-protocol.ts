// Messages between the page's WorkerEngine and the CPU engine living in cpu-worker.ts.
import type { PackedWeights } from '../core/packed-weights.ts';
import type { Checkpoint, ResumeState, RunSpec } from '../core/types.ts';

export type WorkerRequest =
  | { readonly id: number; readonly op: 'load'; readonly runs: readonly RunSpec[]; readonly resume?: ResumeState }
  | { readonly id: number; readonly op: 'advance'; readonly steps: number }
  | { readonly id: number; readonly op: 'checkpoint' }
  | { readonly id: number; readonly op: 'weights'; readonly run: number }
  | { readonly id: number; readonly op: 'allWeights' };

export type WorkerResult = void | Checkpoint[] | Float64Array | PackedWeights;

export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly t: number; readonly device: string; readonly result: WorkerResult }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly field?: string } };
