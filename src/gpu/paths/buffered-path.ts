// What the fused and tiled paths share: the run buffers (RunBuffers) and the three GpuPath methods that
// only forward to them, so each path holds only what it records differently (its steps).
import type { GpuPath } from './gpu-path.ts';
import type { RunBuffers } from '../buffers/run-buffers.ts';
import type { SubmitRange } from './submit-pacer.ts';

export abstract class BufferedPath implements GpuPath {
  abstract readonly name: GpuPath['name'];
  abstract readonly submitRange: SubmitRange;
  abstract readonly dispatchesPerStep: number;
  protected readonly buffers: RunBuffers;

  protected constructor(buffers: RunBuffers) {
    this.buffers = buffers;
  }

  abstract encodeSteps(encoder: GPUCommandEncoder, steps: number): void;

  encodeCheckpoint(encoder: GPUCommandEncoder): ReturnType<GpuPath['encodeCheckpoint']> {
    return this.buffers.encodeCheckpoint(encoder);
  }

  halt(run: number): void {
    this.buffers.halt(run);
  }

  dispose(): void {
    this.buffers.dispose();
  }
}
