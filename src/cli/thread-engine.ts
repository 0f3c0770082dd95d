// The float64 CPU engine spread over worker threads: each thread holds a contiguous block of the runs
// in its own CpuEngine, all advance at once, and checkpoints come back in run order. Every run's
// arithmetic is the same as on one thread (runs never mix), so results are bit for bit those of
// CpuEngine; only the wall time changes.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LabError, type Checkpoint, type Engine, type ResumeState, type RunSpec } from '../core/types.ts';

export type ThreadRequest =
  | { readonly id: number; readonly op: 'load'; readonly runs: readonly RunSpec[]; readonly resume?: ResumeState }
  | { readonly id: number; readonly op: 'advance'; readonly steps: number }
  | { readonly id: number; readonly op: 'checkpoint' }
  | { readonly id: number; readonly op: 'weights'; readonly run: number };

export type ThreadReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly field?: string } };

type Request = ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The cores this process may use. */
export function coreCount(): number {
  return Math.max(1, availableParallelism());
}

/** A worker thread running cpu-thread.ts; under tsx (a .ts source) the thread registers tsx's loader first. */
function startThread(): Worker {
  const file = new URL('./cpu-thread.ts', import.meta.url);
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
    this.#worker.on('message', (reply: ThreadReply) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(reply.error.name === 'LabError' ? new LabError(reply.error.message, reply.error.field) : new Error(reply.error.message));
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

export class ThreadedCpuEngine implements Engine {
  readonly kind = 'cpu';
  /** the same words as one thread's, so that outputs (and shards run on machines with other core counts) agree */
  readonly device = 'CPU float64';
  readonly threads: number;
  #pool: Thread[] = [];
  /** per thread: the first run it holds, and how many */
  #blocks: { first: number; count: number }[] = [];
  #t = 0;

  constructor(threads: number) {
    this.threads = Math.max(1, Math.floor(threads));
  }

  get t(): number {
    return this.#t;
  }

  async load(runs: readonly RunSpec[], resume?: ResumeState): Promise<void> {
    if (resume && resume.W.length !== runs.length) {
      throw new LabError(`resume state has ${resume.W.length} weight matrices for ${runs.length} runs`, 'resume');
    }
    const used = Math.max(1, Math.min(this.threads, runs.length));
    while (this.#pool.length < used) this.#pool.push(new Thread());
    while (this.#pool.length > used) this.#pool.pop()!.terminate();
    // contiguous blocks keep a seed's runs (which share its data set) on one thread
    this.#blocks = this.#pool.map((_, i) => {
      const first = Math.floor((i * runs.length) / used);
      return { first, count: Math.floor(((i + 1) * runs.length) / used) - first };
    });
    await Promise.all(this.#pool.map((thread, i) => {
      const { first, count } = this.#blocks[i];
      const part = runs.slice(first, first + count);
      const partResume = resume ? { t: resume.t, W: resume.W.slice(first, first + count) } : undefined;
      return thread.call<void>({ op: 'load', runs: part, resume: partResume });
    }));
    this.#t = resume ? resume.t : 0;
  }

  async advance(steps: number): Promise<void> {
    await Promise.all(this.#pool.map((thread) => thread.call<void>({ op: 'advance', steps })));
    this.#t += steps;
  }

  async checkpoint(): Promise<Checkpoint[]> {
    const parts = await Promise.all(this.#pool.map((thread) => thread.call<Checkpoint[]>({ op: 'checkpoint' })));
    return parts.flatMap((cps, i) => cps.map((cp) => ({ ...cp, run: cp.run + this.#blocks[i].first })));
  }

  async weights(run: number): Promise<Float64Array> {
    const i = this.#blocks.findIndex((b) => run >= b.first && run < b.first + b.count);
    if (i < 0) throw new LabError(`run ${run} is not loaded`, 'run');
    return this.#pool[i].call<Float64Array>({ op: 'weights', run: run - this.#blocks[i].first });
  }

  dispose(): void {
    for (const thread of this.#pool) thread.terminate();
    this.#pool = [];
    this.#blocks = [];
  }
}
