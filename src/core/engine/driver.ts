// The one loop the page and the command line share: advance the engine in chunks, emit the metrics of
// every run at each scheduled checkpoint, and keep the weights of the last checkpoint (for export).
// A lost GPU device never reaches this loop: the GPU engine resumes by itself (src/gpu/recovering-engine.ts).
import { marginRatios } from '../max-margin/matrix-norms.ts';
import { checkpointSchedule, DEFAULT_PER_DECADE, nextCheckpoint } from './checkpoint-times.ts';
import type { Checkpoint, Engine, RunSpec } from '../types.ts';

/** Most updates per engine.advance call unless the caller says otherwise (keeps a page responsive). */
const DEFAULT_MAX_CHUNK = 2000;

export interface DriverOptions {
  /** run until t = steps */
  steps: number;
  /** checkpoint density, default 10 */
  perDecade?: number;
  /** most updates per engine.advance call, so a page can yield between calls (default 2000) */
  maxChunk?: number;
  /** e.g. decision-region snapshots; merged into the schedule */
  extraCheckpoints?: readonly number[];
  /** yield a macrotask (setTimeout 0) between chunks so a page can paint and take input; the CLI leaves it off */
  yieldToEventLoop?: boolean;
}

export type DriverState = 'idle' | 'running' | 'paused' | 'done' | 'aborted';

/** Runs whose ρ_p are computed between two turns of the event loop (with yieldToEventLoop). */
const RHO_SLICE = 256;

/**
 * Drives an engine that has already been loaded with `runs` (at any t). The t = 0 checkpoint is emitted
 * when the run starts at t = 0: from a zero start its direction metrics are NaN, which JSON writers
 * turn into null.
 */

export class Driver {
  readonly schedule: readonly number[];
  private readonly current: Engine;
  private status: DriverState = 'idle';
  private pauseRequested = false;
  private abortRequested = false;
  /** t and weights of the last emitted checkpoint; undefined until the first run() */
  private keptT: number | undefined;
  private kept: Float64Array[] = [];

  constructor(
    engine: Engine,
    private readonly runs: readonly RunSpec[],
    private readonly opts: DriverOptions,
  ) {
    this.current = engine;
    const steps = Math.floor(opts.steps);
    const extra = (opts.extraCheckpoints ?? []).filter((t) => Number.isInteger(t) && t >= 1 && t <= steps);
    this.schedule = [...new Set([...checkpointSchedule(steps, opts.perDecade ?? DEFAULT_PER_DECADE), ...extra])].sort(
      (a, b) => a - b,
    );
  }

  get t(): number {
    return this.current.t;
  }

  get state(): DriverState {
    return this.status;
  }

  get engine(): Engine {
    return this.current;
  }

  /** runs until `until` (default opts.steps) unless paused/aborted; emits every checkpoint reached (and t=0 first when t=0) */
  async run(onCheckpoint: (cps: Checkpoint[]) => void, until?: number): Promise<DriverState> {
    if (this.status === 'running') throw new Error('Driver.run called while the driver is already running');
    if (this.status === 'done' || this.status === 'aborted') return this.status;
    const steps = Math.floor(this.opts.steps);
    const target = Math.min(until ?? steps, steps);
    const maxChunk = Math.max(1, Math.floor(this.opts.maxChunk ?? DEFAULT_MAX_CHUNK));
    this.status = 'running';
    this.pauseRequested = false;
    try {
      if (this.keptT === undefined) await (this.current.t === 0 ? this.emit(onCheckpoint) : this.keep());
      while (this.current.t < target) {
        if (this.abortRequested) return (this.status = 'aborted');
        if (this.pauseRequested) return (this.status = 'paused');
        const t = this.current.t;
        const stop = Math.min(nextCheckpoint(this.schedule, t) ?? steps, target, t + maxChunk);
        await this.current.advance(stop - t);
        if (this.isScheduled(this.current.t)) await this.emit(onCheckpoint);
        await this.yieldBetweenChunks();
      }
    } catch (err) {
      this.status = 'paused';
      throw err;
    }
    if (this.abortRequested) return (this.status = 'aborted');
    return (this.status = this.current.t >= steps ? 'done' : 'paused');
  }

  /** advance to the next scheduled checkpoint only (the page's Step button) */
  async step(onCheckpoint: (cps: Checkpoint[]) => void): Promise<DriverState> {
    const next = nextCheckpoint(this.schedule, this.current.t);
    return this.run(onCheckpoint, next ?? this.opts.steps);
  }

  /** stops at the next chunk boundary; run() or step() continues */
  pause(): void {
    if (this.status === 'running') this.pauseRequested = true;
  }

  /** stops for good at the next chunk boundary (at once when not running) */
  abort(): void {
    this.abortRequested = true;
    if (this.status !== 'running' && this.status !== 'done') this.status = 'aborted';
  }

  /** weights kept at the last checkpoint (for resume and export) */
  lastWeights(): readonly Float64Array[] {
    return this.kept;
  }

  private isScheduled(t: number): boolean {
    return nextCheckpoint(this.schedule, t - 1) === t;
  }

  private async emit(onCheckpoint: (cps: Checkpoint[]) => void): Promise<void> {
    const cps = await this.current.checkpoint();
    await this.keep();
    // the CPU engine sends ρ_p with its checkpoints: nothing is left to do here
    if (cps.every((cp) => cp.rho !== undefined)) return onCheckpoint(cps);
    // ρ_p costs a margin pass and a small SVD per run: a sweep of 10⁴ runs does it in slices, giving the
    // page's event loop a turn between them so that no frame waits for all of them
    const out: Checkpoint[] = [];
    for (let i = 0; i < cps.length; i += RHO_SLICE) {
      if (i > 0) await this.yieldBetweenChunks();
      for (const cp of cps.slice(i, i + RHO_SLICE)) out.push(this.withRho(cp));
    }
    onCheckpoint(out);
  }

  /** ρ_p of the checkpoint's W in every norm, in float64 from the kept weights (for a GPU engine's checkpoints;
   *  the CPU engine sends them) */
  private withRho(cp: Checkpoint): Checkpoint {
    const run = this.runs[cp.run];
    const W = this.kept[cp.run];
    if (cp.rho !== undefined || !run || !W) return cp;
    return { ...cp, rho: marginRatios(W, run.problem.train, run.problem.norms?.gamma) };
  }

  /** W of every run at this checkpoint, in one call (a GPU engine serves them from the checkpoint's one
   *  read-back, a worker in one message) */
  private async keep(): Promise<void> {
    const engine = this.current;
    this.kept = await engine.allWeights();
    this.keptT = engine.t;
  }

  private yieldBetweenChunks(): Promise<void> {
    if (this.opts.yieldToEventLoop) return new Promise((resolve) => setTimeout(resolve, 0));
    return Promise.resolve();
  }
}

/** Runs a loaded engine to opts.steps, emitting t = 0 (when starting there) and every scheduled checkpoint. */
export async function runToEnd(
  engine: Engine,
  runs: readonly RunSpec[],
  opts: DriverOptions,
  onCheckpoint: (cps: Checkpoint[]) => void,
): Promise<void> {
  await new Driver(engine, runs, opts).run(onCheckpoint);
}
