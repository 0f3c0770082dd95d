// Runs spread over several engines of one kind (CPU engines in worker threads or Web Workers): each
// part holds a contiguous block of the runs, all advance at once, and checkpoints come back in run
// order. Runs never mix, so every number is the one a single engine computes; only the wall time
// changes. Contiguous blocks keep a seed's runs, which share its data set, in one part.
import { LabError, type Checkpoint, type Engine, type ResumeState, type RunSpec } from '../types.ts';

export class SplitEngine implements Engine {
  readonly kind = 'cpu';
  readonly #makePart: () => Engine;
  readonly #maxParts: number;
  #parts: Engine[] = [];
  /** per part: the first run it holds, and how many */
  #blocks: { first: number; count: number }[] = [];
  #t = 0;

  readonly #idleDevice: string;

  /**
   * At most `maxParts` parts, made by `makePart` when runs are loaded (never more parts than runs);
   * `idleDevice` is what `device` says before then.
   */
  constructor(makePart: () => Engine, maxParts: number, idleDevice = 'CPU float64') {
    this.#makePart = makePart;
    this.#maxParts = Math.max(1, Math.floor(maxParts));
    this.#idleDevice = idleDevice;
  }

  /** the first part's words: a split run reads as the engine it is made of */
  get device(): string {
    return this.#parts[0]?.device ?? this.#idleDevice;
  }

  get t(): number {
    return this.#t;
  }

  /** parts in use (threads or workers), for status lines and the benchmark */
  get parts(): number {
    return this.#parts.length;
  }

  async load(runs: readonly RunSpec[], resume?: ResumeState): Promise<void> {
    if (resume && resume.W.length !== runs.length) {
      throw new LabError(`resume state has ${resume.W.length} weight matrices for ${runs.length} runs`, 'resume');
    }
    const used = Math.max(1, Math.min(this.#maxParts, runs.length));
    while (this.#parts.length < used) this.#parts.push(this.#makePart());
    while (this.#parts.length > used) this.#parts.pop()!.dispose();
    this.#blocks = this.#parts.map((_, i) => {
      const first = Math.floor((i * runs.length) / used);
      return { first, count: Math.floor(((i + 1) * runs.length) / used) - first };
    });
    await Promise.all(
      this.#parts.map((part, i) => {
        const { first, count } = this.#blocks[i];
        return part.load(
          runs.slice(first, first + count),
          resume
            ? {
                t: resume.t,
                W: resume.W.slice(first, first + count),
                ...(resume.optim ? { optim: resume.optim.slice(first, first + count) } : {}),
              }
            : undefined,
        );
      }),
    );
    this.#t = resume ? resume.t : 0;
  }

  async advance(steps: number): Promise<void> {
    await Promise.all(this.#parts.map((part) => part.advance(steps)));
    this.#t += steps;
  }

  async checkpoint(): Promise<Checkpoint[]> {
    const parts = await Promise.all(this.#parts.map((part) => part.checkpoint()));
    return parts.flatMap((cps, i) => cps.map((cp) => ({ ...cp, run: cp.run + this.#blocks[i].first })));
  }

  async weights(run: number): Promise<Float64Array> {
    const i = this.#blocks.findIndex((b) => run >= b.first && run < b.first + b.count);
    if (i < 0) throw new LabError(`run ${run} is not loaded`, 'run');
    return this.#parts[i].weights(run - this.#blocks[i].first);
  }

  async allWeights(): Promise<Float64Array[]> {
    return (await Promise.all(this.#parts.map((part) => part.allWeights()))).flat();
  }

  dispose(): void {
    for (const part of this.#parts) part.dispose();
    this.#parts = [];
    this.#blocks = [];
  }
}
