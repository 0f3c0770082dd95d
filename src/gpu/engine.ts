// The WebGPU engine: the same runs as the float64 CPU engine, in f32 with compensated W, on the GPU.
// Small problems take the fused path (all runs, many steps per dispatch); large ones the tiled path.
// Metrics are reduced on the GPU at checkpoints (loss, smallest margin, training accuracy) and read
// back with W through a staging ring; the direction metrics (norm ratio, angle, distance) and the
// test accuracy are computed in float64 from the read-back W (d×K, small), as the core does.
import { readFromArrayBuffer, tgpu, type TgpuRoot } from 'typegpu';
import { frobeniusNorm } from '../core/linalg/power-of-two-scale.ts';
import { accuracy, directionMetrics } from '../core/training/metrics.ts';
import { divergenceMessage, NON_FINITE_UPDATE, nonFiniteCause, nonFiniteMetric } from '../core/training/divergence.ts';
import { startingWeights } from '../core/engine/engine-contract.ts';
import { BATCH_ON_GPU } from '../core/experiment/batch-params.ts';
import {
  EngineLostError,
  LabError,
  type Checkpoint,
  type Engine,
  type OptimizerSnapshot,
  type ResumeState,
  type RunSpec,
} from '../core/types.ts';
import type { GpuHandle } from './device.ts';
import { FusedPath } from './paths/fused-path.ts';
import { fitsFused } from './kernels/fused-gd.ts';
import { assertGpuSize, assertSpectralFitsLoopCap } from './limits.ts';
import { MAX_SUBMITS_IN_FLIGHT } from './buffers/run-params.ts';
import type { GpuPath } from './paths/gpu-path.ts';
import { buildRunTable, keepsOptimizerState, optimizerSnapshots } from './buffers/run-table.ts';
import { RunMetricsArray, RunProgressArray, type RunMetrics, type RunProgress } from './buffers/schemas.ts';
import { StagingRing } from './paths/staging-ring.ts';
import { fixedPacer, SubmitPacer } from './paths/submit-pacer.ts';
import { TiledPath } from './paths/tiled-path.ts';

const FENCE_BYTES = 8;
/** How long a failed mapping waits for device.lost to settle before deciding what to report. */
const LOST_SETTLE_MS = 200;

export interface GpuEngineOptions {
  /**
   * W accumulated as a compensated (high, low) f32 pair, for all runs or per run; false only to
   * show the stall that plain f32 accumulation suffers
   */
  compensated?: boolean | readonly boolean[];
  /** 'auto' picks fused when the problem fits workgroup memory, else tiled */
  path?: 'auto' | 'fused' | 'tiled';
  /**
   * Steps per command buffer, fixed; by default the path decides (the tiled path paces its submits
   * toward TARGET_SUBMIT_MS). Results do not depend on it; tests use it to show exactly that.
   */
  stepsPerSubmit?: number;
  /**
   * Workgroups per dimension of the one-workgroup-per-run grid; by default the device's
   * maxComputeWorkgroupsPerDimension. Results do not depend on it; tests lower it to run the 2-D grid.
   */
  gridLimit?: number;
}

/** One checkpoint read-back of every run: W in float64, the GPU-reduced metrics and the run state. */
interface ReadBack {
  /** the t it was read at */
  readonly t: number;
  readonly W: Float64Array[];
  readonly metrics: readonly RunMetrics[];
  readonly state: readonly RunProgress[];
  /** per run, its optimizer state (undefined for stateless optimizers) */
  readonly optim: readonly (OptimizerSnapshot | undefined)[];
}

export class GpuEngine implements Engine {
  readonly kind = 'gpu';
  readonly device: string;
  readonly #handle: GpuHandle;
  readonly #root: TgpuRoot;
  readonly #options: Required<Omit<GpuEngineOptions, 'stepsPerSubmit' | 'gridLimit'>>;
  readonly #gridLimit: number | undefined;
  readonly #fixedStepsPerSubmit: number | undefined;
  readonly #ring: StagingRing;
  #runs: readonly RunSpec[] = [];
  #path: GpuPath | undefined;
  #pacer: SubmitPacer = fixedPacer(1);
  /**
   * The current busy stretch of step submits: when it began (performance.now) and the steps it
   * has completed; it ends when no step submit is in flight.
   */
  #busy = { since: 0, stepsDone: 0, pending: 0 };
  #steps = 0;
  /** completion of recent step submits, each observed by mapping a small fence buffer */
  #inFlight: Promise<void>[] = [];
  #fencePool: GPUBuffer[] = [];
  readonly #fenceSource: GPUBuffer;
  #lost: string | undefined;
  /** the first rejected fence mapping, reported by the next public call (nothing is left unhandled) */
  #fenceFailure: unknown;
  #lastCheckpoint: ResumeState | undefined;
  /** runs the core's rule stopped at a checkpoint with a non-finite metric, and why */
  #halted = new Map<number, string>();
  /** the last read-back, served again (checkpoint, weights of any run) until t moves or runs are loaded */
  #read: Promise<ReadBack> | undefined;
  #submits = 0;

  constructor(handle: GpuHandle, opts: GpuEngineOptions = {}) {
    this.#handle = handle;
    this.device = handle.adapterName;
    this.#options = { compensated: opts.compensated ?? true, path: opts.path ?? 'auto' };
    const fixed = opts.stepsPerSubmit;
    if (fixed !== undefined && !(Number.isInteger(fixed) && fixed >= 1)) {
      throw new LabError(`stepsPerSubmit = ${fixed}: it must be a whole number of steps, at least 1`, 'stepsPerSubmit');
    }
    this.#fixedStepsPerSubmit = fixed;
    this.#gridLimit = opts.gridLimit;
    this.#root = tgpu.initFromDevice({ device: handle.device });
    this.#ring = new StagingRing(handle.device);
    this.#fenceSource = handle.device.createBuffer({
      label: 'fence source',
      size: FENCE_BYTES,
      usage: GPUBufferUsage.COPY_SRC,
    });
    handle.device.lost.then((info) => {
      this.#lost = info.message || info.reason || 'unknown reason';
    });
  }

  get t(): number {
    return this.#steps;
  }

  /** Which path the loaded runs take ('fused' or 'tiled'), for reports and the benchmark. */
  get pathName(): 'fused' | 'tiled' | undefined {
    return this.#path?.name;
  }

  /** Command buffers submitted so far, for the benchmark. */
  get submits(): number {
    return this.#submits;
  }

  /** Steps the next command buffer will hold (paced on the tiled path), for reports and the benchmark. */
  get stepsPerSubmit(): number {
    return this.#pacer.stepsPerSubmit;
  }

  /** Dispatches recorded per step by the loaded path, for the benchmark. */
  get dispatchesPerStep(): number {
    return this.#path?.dispatchesPerStep ?? 0;
  }

  /** t, W and optimizer state of every run at the last checkpoint: what a caller resumes from after a lost device. */
  get lastCheckpoint(): ResumeState | undefined {
    return this.#lastCheckpoint;
  }

  async load(runs: readonly RunSpec[], resume?: ResumeState): Promise<void> {
    this.#assertAlive();
    const starts = startingWeights(runs, resume);
    // never a silent full batch: mini-batch runs (issue 17) step on the CPU engine for now
    if (runs.some((r) => r.batch !== undefined && r.batch < r.problem.train.n))
      throw new LabError(`batch: ${BATCH_ON_GPU}`, 'batch');
    for (const run of runs)
      assertGpuSize(run.problem.train.n, run.problem.train.d, run.problem.train.k, runs.length, this.#handle.limits);
    if (capsShaderLoops(this.#handle)) assertSpectralFitsLoopCap(runs, this.#handle.adapterName);
    await this.#reported(async () => {
      this.#read = undefined;
      this.#path?.dispose();
      await this.#drain();
      this.#throwFenceFailure();
      const t0 = resume ? resume.t : 0;
      const { compensated } = this.#options;
      const table = buildRunTable(
        runs,
        resume,
        typeof compensated === 'boolean' ? runs.map(() => compensated) : compensated,
      );
      const fused = runs.every((r) => fitsFused(r.problem.train.n, r.problem.train.d, r.problem.train.k));
      const choice = this.#options.path === 'auto' ? (fused ? 'fused' : 'tiled') : this.#options.path;
      if (choice === 'fused' && !fused)
        throw new LabError('the fused GPU path needs N·d ≤ 1536, N·K ≤ 1024, N ≤ 256, d·K ≤ 256 and K ≤ 16', 'engine');
      this.#path =
        choice === 'fused'
          ? new FusedPath(this.#root, runs, table, t0, capsShaderLoops(this.#handle), this.#gridLimit)
          : new TiledPath(this.#root, runs, table, t0, this.#gridLimit);
      this.#pacer = this.#fixedStepsPerSubmit
        ? fixedPacer(this.#fixedStepsPerSubmit)
        : new SubmitPacer(this.#path.submitRange);
      this.#runs = runs;
      this.#halted = new Map();
      this.#steps = t0;
      this.#lastCheckpoint = {
        t: t0,
        W: starts.map((W) => Float64Array.from(W)),
        ...(resume?.optim ? { optim: resume.optim } : {}),
      };
    });
  }

  async advance(steps: number): Promise<void> {
    await this.#reported(async () => {
      this.#throwFenceFailure();
      this.#assertAlive();
      const path = this.#loaded();
      this.#read = undefined;
      for (let done = 0; done < steps;) {
        const chunk = Math.min(this.#pacer.stepsPerSubmit, steps - done);
        const encoder = this.#handle.device.createCommandEncoder({ label: 'steps' });
        path.encodeSteps(encoder, chunk);
        this.#submitFenced(encoder, chunk);
        done += chunk;
        if (this.#inFlight.length >= MAX_SUBMITS_IN_FLIGHT) await this.#inFlight.shift();
        this.#throwFenceFailure();
        this.#assertAlive();
      }
      this.#steps += steps;
    });
  }

  async checkpoint(): Promise<Checkpoint[]> {
    const back = await this.#readBack();
    const checkpoints = this.#runs.map((run, r) => this.#checkpointOf(run, r, back));
    this.#lastCheckpoint = { t: back.t, W: back.W, optim: back.optim };
    return checkpoints;
  }

  /** W of one run, from the same read-back as the checkpoint at this t (one read serves every run). */
  async weights(run: number): Promise<Float64Array> {
    return (await this.#readBack()).W[run].slice();
  }

  /** every run's W from the one read-back of this t */
  async allWeights(): Promise<Float64Array[]> {
    return (await this.#readBack()).W.map((w) => w.slice());
  }

  dispose(): void {
    this.#read = undefined;
    this.#path?.dispose();
    this.#path = undefined;
    this.#ring.dispose();
    for (const fence of this.#fencePool) fence.destroy();
    this.#fenceSource.destroy();
  }

  #checkpointOf(run: RunSpec, r: number, back: ReadBack): Checkpoint {
    const { problem } = run;
    const W = back.W[r];
    const { loss, minMargin, correct } = back.metrics[r];
    const direction = directionMetrics(W, problem.svm.W, problem.svm.normF);
    // ‖W‖_F itself, not normRatio·‖Ŵ‖_F, which would underflow to 0 where the ratio does
    const normW = frobeniusNorm(W);
    const margin = normW === 0 ? NaN : minMargin / normW;
    const base = {
      run: r,
      t: back.t,
      loss,
      ...direction,
      margin,
      marginRatio: margin * problem.svm.normF,
      trainAcc: correct / problem.train.n,
      ...(problem.test ? { testAcc: accuracy(W, problem.test) } : {}),
    };
    const state = back.state[r];
    if (state.diverged === 0) {
      // the core's rule: a non-finite metric at a checkpoint is the divergence point; the run stops here
      const bad = nonFiniteMetric(base);
      if (!bad) return { ...base, status: 'running' };
      const message = this.#halted.get(r) ?? divergenceMessage(back.t, nonFiniteCause(bad), run);
      this.#halted.set(r, message);
      this.#loaded().halt(r);
      return { ...base, status: 'diverged', message };
    }
    return {
      ...base,
      status: 'diverged',
      message: this.#halted.get(r) ?? divergenceMessage(state.t, NON_FINITE_UPDATE, run),
    };
  }

  /** The read-back at the current t: W, metrics and state of every run through one mapped buffer, made once per t. */
  #readBack(): Promise<ReadBack> {
    if (this.#read) return this.#read;
    const read = this.#reported(() => this.#freshReadBack());
    this.#read = read;
    // a failed read is not served again: the next call reports the failure afresh
    read.catch(() => {
      if (this.#read === read) this.#read = undefined;
    });
    return read;
  }

  async #freshReadBack(): Promise<ReadBack> {
    this.#throwFenceFailure();
    this.#assertAlive();
    const path = this.#loaded();
    const t = this.#steps;
    const count = this.#runs.length;
    const encoder = this.#handle.device.createCommandEncoder({ label: 'checkpoint' });
    const sources = path.encodeCheckpoint(encoder);
    // the optimizer buffer (as large as W's two halves) is read only when some run keeps state in it
    const stateful = this.#runs.some(keepsOptimizerState);
    const read = this.#ring.enqueue(encoder, [
      sources.Whi,
      sources.Wlo,
      sources.metrics,
      sources.state,
      ...(stateful ? [sources.opt] : []),
    ]);
    this.#submit(encoder);
    const [hi, lo, metrics, stateBytes, optBytes] = await read();
    const state = readFromArrayBuffer(stateBytes, RunProgressArray(count));
    assertStepsApplied(state, t, this.#handle.adapterName);
    const Whi = new Float32Array(hi);
    const Wlo = new Float32Array(lo);
    const W = buildOffsets(this.#runs).map(({ offset, length }) => {
      const w = new Float64Array(length);
      for (let q = 0; q < length; q++) w[q] = Whi[offset + q] + Wlo[offset + q];
      return w;
    });
    const optim = optBytes
      ? optimizerSnapshots(this.#runs, new Float32Array(optBytes))
      : this.#runs.map(() => undefined);
    return { t, W, metrics: readFromArrayBuffer(metrics, RunMetricsArray(count)), state, optim };
  }

  #submit(encoder: GPUCommandEncoder): void {
    this.#handle.device.queue.submit([encoder.finish()]);
    this.#submits++;
  }

  /**
   * Submits with a copy into a small mappable fence at the end, whose mapping resolves when the
   * work is done. (Dawn 0.6.2 on OpenGL ES aborts when a buffer is mapped after awaiting
   * queue.onSubmittedWorkDone, so completion is observed through mapping alone.) Steps done per
   * wall time over the current busy stretch pace the following submits: a per-submit time would
   * mislead, since Dawn may report several completions in one event tick.
   */
  #submitFenced(encoder: GPUCommandEncoder, steps: number): void {
    const fence =
      this.#fencePool.pop() ??
      this.#handle.device.createBuffer({
        label: 'fence',
        size: FENCE_BYTES,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
    encoder.copyBufferToBuffer(this.#fenceSource, 0, fence, 0, FENCE_BYTES);
    this.#submit(encoder);
    const pacer = this.#pacer;
    const busy =
      this.#busy.pending > 0 ? this.#busy : (this.#busy = { since: performance.now(), stepsDone: 0, pending: 0 });
    busy.pending++;
    // handled here at once, since the caller may have moved on; the next public call reports it
    this.#inFlight.push(
      fence.mapAsync(GPUMapMode.READ).then(
        () => {
          fence.unmap();
          this.#fencePool.push(fence);
          busy.pending--;
          busy.stepsDone += steps;
          pacer.record(busy.stepsDone, performance.now() - busy.since);
        },
        (err: unknown) => {
          busy.pending--;
          this.#fenceFailure ??= err ?? new Error('a fence mapping was rejected without a reason');
        },
      ),
    );
  }

  /**
   * Runs `work`, turning any failure other than the caller's (LabError) into what #errorOf reports,
   * so that a lost device, however it surfaces, reaches the caller as EngineLostError.
   */
  async #reported<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof LabError || err instanceof EngineLostError) throw err;
      throw await this.#errorOf(err);
    }
  }

  #throwFenceFailure(): void {
    if (this.#fenceFailure !== undefined) throw this.#fenceFailure;
  }

  /**
   * What a public call throws for a failure: EngineLostError when the device is lost. A destroyed
   * or lost device aborts mappings before `lost` has settled, so it gets a moment (the one wait on
   * a loss anywhere in the lab); an AbortError counts as a lost device even when `lost` stays
   * silent, since the engine never unmaps or destroys a buffer it is mapping (until dispose),
   * which is the only other cause.
   */
  async #errorOf(err: unknown): Promise<Error> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = new Promise((resolve) => {
      timer = setTimeout(resolve, LOST_SETTLE_MS);
    });
    await Promise.race([this.#handle.device.lost, settle]);
    clearTimeout(timer);
    if (this.#lost === undefined && (err as { name?: unknown } | null)?.name === 'AbortError') {
      const detail = (err as Error).message;
      this.#lost = `a GPU read-back was aborted${detail ? `: ${detail}` : ''}`;
    }
    if (this.#lost !== undefined) return this.#lostError();
    return err instanceof Error ? err : new Error(String(err));
  }

  async #drain(): Promise<void> {
    await Promise.all(this.#inFlight.splice(0));
  }

  #loaded(): GpuPath {
    if (!this.#path) throw new LabError('no runs are loaded on the GPU engine; call load() first', 'engine');
    return this.#path;
  }

  #assertAlive(): void {
    if (this.#lost !== undefined) throw this.#lostError();
  }

  #lostError(): EngineLostError {
    const at = this.#lastCheckpoint ? ` from the last checkpoint at t = ${this.#lastCheckpoint.t}` : '';
    return new EngineLostError(`the GPU device was lost (${this.#lost}); resume${at} on a fresh engine`, this.#lost);
  }
}

/** Mesa's llvmpipe ends shader loops after 65,535 iterations in all (see SOFTWARE_LOOP_BUDGET). */
function capsShaderLoops(handle: GpuHandle): boolean {
  return /llvmpipe/i.test(handle.adapterName);
}

/** Every live run must have applied exactly t updates; anything else means the adapter cut a dispatch short. */
function assertStepsApplied(state: readonly RunProgress[], t: number, adapter: string): void {
  state.forEach(({ t: applied, diverged }, r) => {
    if (diverged === 0 && applied !== t) {
      throw new Error(
        `GPU run ${r} applied ${applied} of ${t} updates: the adapter (${adapter}) ended a shader loop early`,
      );
    }
  });
}

/** Where each run's W lies in the packed W arrays (the same order buildRunTable uses). */
function buildOffsets(runs: readonly RunSpec[]): { offset: number; length: number }[] {
  let offset = 0;
  return runs.map((r) => {
    const length = r.problem.train.d * r.problem.train.k;
    const entry = { offset, length };
    offset += length;
    return entry;
  });
}
