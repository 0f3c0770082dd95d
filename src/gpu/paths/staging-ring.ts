// A ring of MAP_READ staging buffers for checkpoint read-back: a checkpoint copies its results into
// the next free buffer in the same command buffer as the work before it, and only that buffer is
// awaited, so the step loop never waits on a read and no buffer is created per checkpoint.
import { STAGING_RING_SIZE } from '../buffers/run-params.ts';

export interface CopySource {
  readonly buffer: GPUBuffer;
  readonly bytes: number;
}

export class StagingRing {
  #slots: (GPUBuffer | undefined)[] = new Array(STAGING_RING_SIZE).fill(undefined);
  #next = 0;

  constructor(private readonly device: GPUDevice) {}

  /**
   * Records copies of `sources`, back to back, into the next staging buffer. Call the returned
   * function after the encoder is submitted; it resolves to one copy of each source's bytes.
   */
  enqueue(encoder: GPUCommandEncoder, sources: readonly CopySource[]): () => Promise<ArrayBuffer[]> {
    const offsets: number[] = [];
    let total = 0;
    for (const s of sources) {
      offsets.push(total);
      total += Math.ceil(s.bytes / 8) * 8;
    }
    const index = this.#next;
    this.#next = (this.#next + 1) % this.#slots.length;
    let staging = this.#slots[index];
    if (!staging || staging.size < total || staging.mapState !== 'unmapped') {
      staging = this.device.createBuffer({
        label: `staging ${index}`,
        size: total,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      this.#slots[index] = staging;
    }
    const target = staging;
    sources.forEach((s, i) => encoder.copyBufferToBuffer(s.buffer, 0, target, offsets[i], Math.ceil(s.bytes / 4) * 4));
    return async () => {
      await target.mapAsync(GPUMapMode.READ);
      const mapped = target.getMappedRange();
      const out = sources.map((s, i) => mapped.slice(offsets[i], offsets[i] + s.bytes));
      target.unmap();
      return out;
    };
  }

  dispose(): void {
    for (const b of this.#slots) b?.destroy();
    this.#slots.fill(undefined);
  }
}
