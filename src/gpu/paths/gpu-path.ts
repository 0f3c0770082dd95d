// What the engine needs from an execution path (fused or tiled): record steps into a command
// encoder, and record the checkpoint reduction plus the copies that read a checkpoint back.
import type { CopySource } from './staging-ring.ts';
import type { SubmitRange } from './submit-pacer.ts';

export interface GpuPath {
  /** 'fused' (one workgroup per run, steps looped in the shader) or 'tiled' (a few dispatches per step) */
  readonly name: 'fused' | 'tiled';
  /** steps recorded into one command buffer: where to start, and the range a pacer may move in */
  readonly submitRange: SubmitRange;
  /** dispatches recorded per step, for the benchmark's count (fractional for the fused path) */
  readonly dispatchesPerStep: number;
  /** records `steps` steps of every live run */
  encodeSteps(encoder: GPUCommandEncoder, steps: number): void;
  /** records the metrics reduction; returns W high, W low, metrics, state and optimizer-state buffers to read back */
  encodeCheckpoint(encoder: GPUCommandEncoder): {
    Whi: CopySource;
    Wlo: CopySource;
    metrics: CopySource;
    state: CopySource;
    opt: CopySource;
  };
  /** marks a run diverged, so that no later step moves its W or its t (the core's checkpoint divergence rule) */
  halt(run: number): void;
  dispose(): void;
}
