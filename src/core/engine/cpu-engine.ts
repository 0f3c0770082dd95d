// The float64 reference engine: every run applies its optimizer (optimizers.ts) to its own problem.
// One pass over X per step computes the scores s_i = Wᵀx_i and the score gradient g_i and accumulates
// ∇ = Σ_i x_i g_iᵀ, streaming X in blocks of rows; all buffers are allocated at load time. A mini-batch
// run (issue 17) first copies its step's rows (data/batch-schedule.ts) into a B×d block and takes the same
// pass over them: G = ∇R_B, the mean over the batch. Checkpoints are always on every training row.
import * as pm from '../linalg/portable-math.ts';
import { getLoss, type PermLoss } from '../training/losses.ts';
import {
  createOptimizerState,
  restoreOptimizerState,
  DEFAULT_OPTIMIZER_PARAMS,
  getOptimizer,
  type Optimizer,
  type OptimizerState,
} from '../training/optimizers.ts';
import { computeMetrics } from '../training/metrics.ts';
import { SCHEDULES } from '../training/step-size.ts';
import { marginRatios } from '../max-margin/matrix-norms.ts';
import { divergenceMessage, NON_FINITE_UPDATE, nonFiniteCause, nonFiniteMetric } from '../training/divergence.ts';
import { startingWeights } from './engine-contract.ts';
import { BatchSchedule, batchScheduleOf } from '../data/batch-schedule.ts';
import type { Checkpoint, Dataset, Engine, ResumeState, RunSpec } from '../types.ts';

/** Rows of X per block: each loaded weight serves four rows, which halves the memory traffic of both passes. */
const BLOCK_ROWS = 4;

interface CpuRun {
  readonly spec: RunSpec;
  readonly loss: PermLoss;
  /** Wᵀ (K×d row-major): class c's weights are contiguous, so scores are dot products with rows of X */
  readonly WT: Float64Array;
  /** (N∇R)ᵀ (K×d), then the next Wᵀ */
  readonly GT: Float64Array;
  /** scores of one block of rows (BLOCK_ROWS×K) */
  readonly S: Float64Array;
  /** score gradients of one block of rows (BLOCK_ROWS×K) */
  readonly G: Float64Array;
  /** log pair weights of all examples (N×K) for optimizers that need only the gradient's direction; undefined for the others and for the squared loss */
  readonly logC: Float64Array | undefined;
  readonly optimizer: Optimizer;
  readonly state: OptimizerState;
  /** the step D (K×d): Wᵀ ← Wᵀ − D */
  readonly D: Float64Array;
  /** mini-batch runs: which rows each step reads, and the step's rows gathered (B×d, B labels); undefined: full batch */
  readonly batch: { readonly schedule: BatchSchedule; readonly X: Float64Array; readonly y: Int32Array } | undefined;
  /** the largest log pair weight of the last log-domain direction */
  logTop: number;
  diverged: boolean;
  message: string | undefined;
}

export class CpuEngine implements Engine {
  readonly kind = 'cpu';
  readonly device = 'CPU float64';
  private runs: CpuRun[] = [];
  private steps = 0;

  get t(): number {
    return this.steps;
  }

  async load(runs: readonly RunSpec[], resume?: ResumeState): Promise<void> {
    const starts = startingWeights(runs, resume);
    this.runs = runs.map((spec, r) => {
      const { n, d, k } = spec.problem.train;
      const start = starts[r];
      const optimizer = getOptimizer(spec.optimizer);
      const state = createOptimizerState(k, d, spec.optimizer);
      const snapshot = resume?.optim?.[r];
      if (snapshot) restoreOptimizerState(state, snapshot, k, d, spec.optimizer);
      const schedule = batchScheduleOf(spec);
      return {
        spec,
        optimizer,
        state,
        D: new Float64Array(d * k),
        loss: getLoss(spec.loss),
        WT: transpose(start, d, k),
        GT: new Float64Array(d * k),
        S: new Float64Array(BLOCK_ROWS * k),
        G: new Float64Array(BLOCK_ROWS * k),
        logC: optimizer.gradient === 'scaled' && hasLogWeights(spec) ? new Float64Array(n * k) : undefined,
        batch: schedule && {
          schedule,
          X: new Float64Array(schedule.batch * d),
          y: new Int32Array(schedule.batch),
        },
        logTop: -Infinity,
        diverged: false,
        message: undefined,
      };
    });
    this.steps = resume ? resume.t : 0;
  }

  async advance(steps: number): Promise<void> {
    for (const run of this.runs) {
      if (run.diverged) continue;
      for (let u = 0; u < steps; u++) {
        if (!stepRun(run, this.steps + u)) {
          const t = this.steps + u;
          run.diverged = true;
          run.message = divergenceMessage(t, NON_FINITE_UPDATE, run.spec);
          break;
        }
      }
    }
    this.steps += steps;
  }

  async checkpoint(): Promise<Checkpoint[]> {
    return this.runs.map((run, r) => {
      const { train, norms } = run.spec.problem;
      const W = transpose(run.WT, train.k, train.d);
      const metrics = computeMetrics(W, run.spec.problem, run.spec.loss);
      const base = { run: r, t: this.steps, ...metrics };
      // a checkpoint with a number that should be finite and is not is the divergence point: the run stops here
      const bad = run.diverged ? undefined : nonFiniteMetric(metrics);
      if (bad) {
        run.diverged = true;
        run.message = divergenceMessage(this.steps, nonFiniteCause(bad), run.spec);
      }
      // ρ_p from the W at hand (last, where the driver puts it for engines that send none): in a page worker
      // or a CLI thread it is computed there, in parallel, instead of on the calling thread
      const rho = marginRatios(W, train, norms?.gamma);
      return run.diverged
        ? { ...base, status: 'diverged', message: run.message, rho }
        : { ...base, status: 'running', rho };
    });
  }

  async weights(run: number): Promise<Float64Array> {
    const { WT, spec } = this.runs[run];
    return transpose(WT, spec.problem.train.k, spec.problem.train.d);
  }

  async allWeights(): Promise<Float64Array[]> {
    return this.runs.map(({ WT, spec }) => transpose(WT, spec.problem.train.k, spec.problem.train.d));
  }

  dispose(): void {
    this.runs = [];
  }
}

/** Whether the run's loss has the positive pair-weight form NGD needs for the log domain (not the squared loss). */
function hasLogWeights(spec: RunSpec): boolean {
  const k = spec.problem.train.k;
  return getLoss(spec.loss).logWeights(new Float64Array(k), 0, 0, k, new Float64Array(k), 0);
}

/** η_t for update number t (0-based). */
function stepSize(spec: RunSpec, t: number): number {
  return SCHEDULES[spec.schedule].eta(spec.lr, t);
}

/**
 * Applies update number t. Returns false (and leaves W unchanged) when the gradient or the new W is not
 * finite: a loss that overflows overflows its gradient too, so the loss itself is only evaluated at checkpoints.
 * (A diverging optimizer's state may have moved; the run stops there.)
 */
function stepRun(run: CpuRun, t: number): boolean {
  const { spec, WT, GT, D } = run;
  const { d, k } = spec.problem.train;
  const rows = run.batch ? gatherBatch(spec.problem.train, run.batch, t) : spec.problem.train;
  const n = rows.n;
  let logScale: number;
  let plainN: number | undefined;
  if (run.logC) {
    const norm = logDomainDirection(run, run.logC, rows);
    if (Number.isNaN(norm)) return false;
    // G = ∇R = e^{top}/N · GT; every pair weight zero (hinge with all margins ≥ 1): G = 0
    logScale = norm === 0 ? -Infinity : run.logTop - pm.log(n);
  } else {
    plainGradient(run, rows);
    logScale = -pm.log(n);
    plainN = n;
  }
  const eta = stepSize(spec, t);
  const p = spec.optim ?? DEFAULT_OPTIMIZER_PARAMS;
  const ok = run.optimizer.step({ g: { dir: GT, logScale, plainN }, eta, t, p, state: run.state, k, d, out: D });
  if (!ok) return false;
  // decoupled weight decay: W ← (1 − η_t λ) W − D, the step D from the same gradient (AdamW for adam);
  // a spec written before λ existed has none
  const decay = eta * (p.wd || 0);
  const size = WT.length;
  for (let q = 0; q < size; q++) {
    const next = WT[q] - decay * WT[q] - D[q];
    if (!Number.isFinite(next)) return false;
    GT[q] = next;
  }
  WT.set(GT);
  return true;
}

/** The rows of update t, copied in the order of the epoch's permutation: the step's data set (n = its rows). */
function gatherBatch(
  train: Dataset,
  batch: { readonly schedule: BatchSchedule; readonly X: Float64Array; readonly y: Int32Array },
  t: number,
): Dataset {
  const { d, k } = train;
  const idx = batch.schedule.rows(t);
  for (let q = 0; q < idx.length; q++) {
    const i = idx[q];
    batch.X.set(train.X.subarray(i * d, (i + 1) * d), q * d);
    batch.y[q] = train.y[i];
  }
  return { n: idx.length, d, k, X: batch.X, y: batch.y };
}

/** GT = Σ_i g_i x_iᵀ over the given rows = (n ∇R_rows)ᵀ */
function plainGradient(run: CpuRun, data: Dataset): void {
  const { loss, WT, GT, S, G } = run;
  const { n, d, k, X, y } = data;
  GT.fill(0);
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - i0);
    blockScores(X, WT, i0, rows, d, k, S);
    for (let q = 0; q < rows; q++) loss.grad(S, q * k, y[i0 + q], k, G, q * k);
    blockAccumulate(X, GT, i0, rows, d, k, G);
  }
}

/**
 * The NGD direction in the log domain (docs/numerics.md, section 1): ℓ_ij = log c_ij, M = max ℓ, C = exp(ℓ − M),
 * GT = Gᵀ X with G built from C. Scaling by e^{−M} keeps the weights O(1) however far in the tail the
 * margins are. Returns ‖GT‖_F, 0 when every weight is zero, NaN when a weight is not finite.
 */
function logDomainDirection(run: CpuRun, logC: Float64Array, data: Dataset): number {
  const { loss, WT, GT, S, G } = run;
  const { n, d, k, X, y } = data;
  let top = -Infinity;
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - i0);
    blockScores(X, WT, i0, rows, d, k, S);
    for (let q = 0; q < rows; q++) loss.logWeights(S, q * k, y[i0 + q], k, logC, (i0 + q) * k);
  }
  for (let q = 0; q < n * k; q++) {
    const l = logC[q];
    if (Number.isNaN(l) || l === Infinity) return NaN;
    if (l > top) top = l;
  }
  run.logTop = top;
  if (top === -Infinity) {
    GT.fill(0);
    return 0;
  }
  GT.fill(0);
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - i0);
    for (let q = 0; q < rows; q++) {
      const yi = y[i0 + q];
      const base = (i0 + q) * k;
      let sum = 0;
      for (let c = 0; c < k; c++) {
        if (c === yi) continue;
        const w = pm.exp(logC[base + c] - top);
        G[q * k + c] = w;
        sum += w;
      }
      G[q * k + yi] = -sum;
    }
    blockAccumulate(X, GT, i0, rows, d, k, G);
  }
  return frobenius(GT);
}

/**
 * S[q·K + c] = w_cᵀ x_{i0+q} for the rows of one block. Full blocks work on two classes at a time: eight
 * running sums share each load of X and of Wᵀ (register blocking; V8 keeps them in registers).
 */
function blockScores(
  X: Float64Array,
  WT: Float64Array,
  i0: number,
  rows: number,
  d: number,
  k: number,
  S: Float64Array,
): void {
  const r0 = i0 * d;
  if (rows === BLOCK_ROWS) {
    const r1 = r0 + d;
    const r2 = r1 + d;
    const r3 = r2 + d;
    let c = 0;
    for (; c + 1 < k; c += 2) {
      const b = c * d;
      const bb = b + d;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, e0 = 0, e1 = 0, e2 = 0, e3 = 0; // prettier-ignore
      for (let j = 0; j < d; j++) {
        const w = WT[b + j];
        const v = WT[bb + j];
        const x0 = X[r0 + j];
        const x1 = X[r1 + j];
        const x2 = X[r2 + j];
        const x3 = X[r3 + j];
        a0 += x0 * w;
        a1 += x1 * w;
        a2 += x2 * w;
        a3 += x3 * w;
        e0 += x0 * v;
        e1 += x1 * v;
        e2 += x2 * v;
        e3 += x3 * v;
      }
      S[c] = a0;
      S[k + c] = a1;
      S[2 * k + c] = a2;
      S[3 * k + c] = a3;
      S[c + 1] = e0;
      S[k + c + 1] = e1;
      S[2 * k + c + 1] = e2;
      S[3 * k + c + 1] = e3;
    }
    if (c < k) {
      const b = c * d;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0; // prettier-ignore
      for (let j = 0; j < d; j++) {
        const w = WT[b + j];
        a0 += X[r0 + j] * w;
        a1 += X[r1 + j] * w;
        a2 += X[r2 + j] * w;
        a3 += X[r3 + j] * w;
      }
      S[c] = a0;
      S[k + c] = a1;
      S[2 * k + c] = a2;
      S[3 * k + c] = a3;
    }
    return;
  }
  for (let q = 0; q < rows; q++) {
    const r = r0 + q * d;
    for (let c = 0; c < k; c++) {
      const b = c * d;
      let a = 0;
      for (let j = 0; j < d; j++) a += X[r + j] * WT[b + j];
      S[q * k + c] = a;
    }
  }
}

/** GT[c, :] += Σ_q G[q, c] · x_{i0+q} over the rows of one block; full blocks update two classes per pass over the rows */
function blockAccumulate(
  X: Float64Array,
  GT: Float64Array,
  i0: number,
  rows: number,
  d: number,
  k: number,
  G: Float64Array,
): void {
  const r0 = i0 * d;
  if (rows === BLOCK_ROWS) {
    const r1 = r0 + d;
    const r2 = r1 + d;
    const r3 = r2 + d;
    let c = 0;
    for (; c + 1 < k; c += 2) {
      const g0 = G[c], g1 = G[k + c], g2 = G[2 * k + c], g3 = G[3 * k + c]; // prettier-ignore
      const h0 = G[c + 1], h1 = G[k + c + 1], h2 = G[2 * k + c + 1], h3 = G[3 * k + c + 1]; // prettier-ignore
      const b = c * d;
      const bb = b + d;
      for (let j = 0; j < d; j++) {
        const x0 = X[r0 + j];
        const x1 = X[r1 + j];
        const x2 = X[r2 + j];
        const x3 = X[r3 + j];
        GT[b + j] += g0 * x0 + g1 * x1 + g2 * x2 + g3 * x3;
        GT[bb + j] += h0 * x0 + h1 * x1 + h2 * x2 + h3 * x3;
      }
    }
    if (c < k) {
      const g0 = G[c], g1 = G[k + c], g2 = G[2 * k + c], g3 = G[3 * k + c]; // prettier-ignore
      const b = c * d;
      for (let j = 0; j < d; j++) GT[b + j] += g0 * X[r0 + j] + g1 * X[r1 + j] + g2 * X[r2 + j] + g3 * X[r3 + j];
    }
    return;
  }
  for (let q = 0; q < rows; q++) {
    const r = r0 + q * d;
    for (let c = 0; c < k; c++) {
      const g = G[q * k + c];
      const b = c * d;
      for (let j = 0; j < d; j++) GT[b + j] += g * X[r + j];
    }
  }
}

/** The transpose of a rows×cols row-major matrix. */
function transpose(A: Float64Array, rows: number, cols: number): Float64Array {
  const T = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) T[c * rows + r] = A[r * cols + c];
  return T;
}

function frobenius(A: Float64Array): number {
  let sum = 0;
  for (let q = 0; q < A.length; q++) sum += A[q] * A[q];
  return Math.sqrt(sum);
}
