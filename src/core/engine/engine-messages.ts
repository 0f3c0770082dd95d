// The messages an engine in another thread answers (the page's Web Workers, the CLI's worker
// threads): one request type, the buffers a reply can hand over without copying, and an error
// reduced to what survives structured cloning.
import type { PackedWeights } from './packed-weights.ts';
import { LabError, type Checkpoint, type ResumeState, type RunSpec } from '../types.ts';

export type EngineRequest =
  | { readonly id: number; readonly op: 'load'; readonly runs: readonly RunSpec[]; readonly resume?: ResumeState }
  | { readonly id: number; readonly op: 'advance'; readonly steps: number }
  | { readonly id: number; readonly op: 'checkpoint' }
  | { readonly id: number; readonly op: 'weights'; readonly run: number }
  | { readonly id: number; readonly op: 'allWeights' };

/** What a request's reply carries: nothing (load, advance), checkpoints, one W, or every run's W packed. */
export type EngineResult = void | Checkpoint[] | Float64Array | PackedWeights;

/** The answer to request `id`, with the engine's t and device after it (the page's WorkerEngine mirrors both). */
export type EngineReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly t: number;
      readonly device: string;
      readonly result: EngineResult;
    }
  | { readonly id: number; readonly ok: false; readonly error: EngineErrorMessage };

interface EngineErrorMessage {
  readonly name: string;
  readonly message: string;
  readonly field?: string;
}

function isPacked(result: unknown): result is PackedWeights {
  return typeof result === 'object' && result !== null && 'lengths' in result;
}

/** The buffers of a reply's result to transfer: one W, or every run's W packed. */
export function transferablesOf(result: unknown): ArrayBuffer[] {
  if (result instanceof Float64Array) return [result.buffer as ArrayBuffer];
  if (isPacked(result)) return [result.data.buffer as ArrayBuffer, result.lengths.buffer as ArrayBuffer];
  return [];
}

/** An error as a message: its name, text and, for a LabError, the field it names. */
export function errorMessage(err: unknown): EngineErrorMessage {
  const e = err instanceof Error ? err : new Error(String(err));
  return { name: e.name, message: e.message, field: e instanceof LabError ? e.field : undefined };
}
