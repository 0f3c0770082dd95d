// The float64 CPU engine spread over worker threads (core/split-engine.ts): each thread holds a
// contiguous block of the runs in its own CpuEngine. Every run's arithmetic is the same as on one
// thread (runs never mix), so results are bit for bit those of CpuEngine; only the wall time changes.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EngineReply, EngineRequest } from '../../core/engine/engine-messages.ts';
import { unpackWeights, type PackedWeights } from '../../core/engine/packed-weights.ts';
import { SplitEngine } from '../../core/engine/split-engine.ts';
import { LabError, type Checkpoint, type Engine, type ResumeState, type RunSpec } from '../../core/types.ts';

type Request = EngineRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The cores this process may use. */
export function coreCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A worker thread running cpu-thread: its .js beside this file when compiled (the npx package,
 * tsconfig.cli.json), else its .ts source, for which the thread registers tsx's loader first.
 */
function startThread(): Worker {
  const compiled = import.meta.url.endsWith('.js');
  const file = new URL(compiled ? './cpu-thread.js' : './cpu-thread.ts', import.meta.url);
  if (!file.pathname.endsWith('.ts')) return new Worker(file);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(boot, { eval: true });
}

class Thread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  #next = 0;
  #failed: Error | undefined;

  constructor() {
    this.#worker = startThread();
    this.#worker.unref();
    this.#worker.on('message', (reply: EngineReply) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else
        waiting.reject(
          reply.error.name === 'LabError'
            ? new LabError(reply.error.message, reply.error.field)
            : new Error(reply.error.message),
        );
    });
    const fail = (err: Error) => {
      this.#failed = err;
      for (const waiting of this.#pending.values()) waiting.reject(err);
      this.#pending.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`a CPU worker thread exited (code ${code})`)));
  }

  call<T>(request: Request): Promise<T> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ ...request, id });
    });
  }

  terminate(): void {
    this.#failed ??= new Error('the engine was disposed');
    void this.#worker.terminate();
  }
}

/** One CpuEngine in a worker thread, as an Engine. */
class ThreadPart implements Engine {
  readonly kind = 'cpu';
  readonly device = 'CPU float64';
  readonly #thread = new Thread();
  #t = 0;

  get t(): number {
    return this.#t;
  }

  async load(runs: readonly RunSpec[], resume?: ResumeState): Promise<void> {
    await this.#thread.call<void>({ op: 'load', runs, resume });
    this.#t = resume ? resume.t : 0;
  }

  async advance(steps: number): Promise<void> {
    await this.#thread.call<void>({ op: 'advance', steps });
    this.#t += steps;
  }

  checkpoint(): Promise<Checkpoint[]> {
    return this.#thread.call<Checkpoint[]>({ op: 'checkpoint' });
  }

  weights(run: number): Promise<Float64Array> {
    return this.#thread.call<Float64Array>({ op: 'weights', run });
  }

  /** every run's W in one transferred array */
  async allWeights(): Promise<Float64Array[]> {
    return unpackWeights(await this.#thread.call<PackedWeights>({ op: 'allWeights' }));
  }

  dispose(): void {
    this.#thread.terminate();
  }
}

/**
 * The float64 CPU engine over `threads` worker threads (core/split-engine.ts). Its device reads
 * "CPU float64", as one thread's does, so that outputs (and shards run on machines with other core
 * counts) agree.
 */
export class ThreadedCpuEngine extends SplitEngine {
  constructor(threads: number) {
    super(() => new ThreadPart(), threads);
  }
}
