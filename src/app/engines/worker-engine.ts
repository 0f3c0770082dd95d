// An Engine whose float64 CPU work happens in a Web Worker: the same CpuEngine as the command
// line, so its numbers equal `lab run`'s, without blocking the page.
import type { EngineReply, EngineRequest, EngineResult } from '../../core/engine/engine-messages.ts';
import { unpackWeights, type PackedWeights } from '../../core/engine/packed-weights.ts';
import { LabError } from '../../core/types.ts';
import type { Checkpoint, Engine, ResumeState, RunSpec } from '../../core/types.ts';

type Pending = { resolve: (r: EngineResult) => void; reject: (e: Error) => void };
type RequestBody = EngineRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class WorkerEngine implements Engine {
  readonly kind = 'cpu' as const;
  #device = 'CPU float64 (Web Worker)';
  #t = 0;
  #worker: Worker;
  #nextId = 1;
  #pending = new Map<number, Pending>();

  constructor() {
    this.#worker = new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module', name: 'cpu-engine' });
    this.#worker.onmessage = (event: MessageEvent<EngineReply>) => this.#settle(event.data);
    this.#worker.onerror = (event) => this.#failAll(new Error(`the CPU worker failed: ${event.message}`));
  }

  get device(): string {
    return this.#device;
  }
  get t(): number {
    return this.#t;
  }

  async load(runs: readonly RunSpec[], resume?: ResumeState): Promise<void> {
    await this.#call({ op: 'load', runs, resume });
  }
  async advance(steps: number): Promise<void> {
    await this.#call({ op: 'advance', steps });
  }
  async checkpoint(): Promise<Checkpoint[]> {
    return (await this.#call({ op: 'checkpoint' })) as Checkpoint[];
  }
  async weights(run: number): Promise<Float64Array> {
    return (await this.#call({ op: 'weights', run })) as Float64Array;
  }
  /** every run's W in one transferred array */
  async allWeights(): Promise<Float64Array[]> {
    return unpackWeights((await this.#call({ op: 'allWeights' })) as PackedWeights);
  }
  dispose(): void {
    this.#worker.terminate();
    this.#failAll(new Error('the CPU engine was disposed'));
  }

  #call(body: RequestBody): Promise<EngineResult> {
    const id = this.#nextId++;
    return new Promise<EngineResult>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...body, id } as EngineRequest);
    });
  }

  #settle(reply: EngineReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (reply.ok) {
      this.#t = reply.t;
      this.#device = `${reply.device} (Web Worker)`;
      pending.resolve(reply.result);
    } else {
      const { name, message, field } = reply.error;
      pending.reject(name === 'LabError' ? new LabError(message, field) : Object.assign(new Error(message), { name }));
    }
  }

  #failAll(error: Error): void {
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }
}
