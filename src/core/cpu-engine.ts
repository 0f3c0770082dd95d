// The float64 reference engine: every run does full-batch GD or normalised GD on its own problem.
// One pass over X per step computes the scores s_i = Wᵀx_i, the loss and the score gradient g_i, and
// accumulates ∇ = Σ_i x_i g_iᵀ, streaming X row by row; all buffers are allocated at load time.
import { getLoss, type PermLoss } from './losses.ts';
import { computeMetrics } from './metrics.ts';
import { stepAdvice } from './stepsize.ts';
import { LabError, type Checkpoint, type Engine, type ResumeState, type RunSpec } from './types.ts';

interface RunState {
  readonly spec: RunSpec;
  readonly loss: PermLoss;
  readonly W: Float64Array;
  /** Σ_i x_i g_iᵀ (d×K), then the step to subtract */
  readonly grad: Float64Array;
  /** scores of one example (K) */
  readonly s: Float64Array;
  /** score gradient of one example (K) */
  readonly g: Float64Array;
  /** NGD in the log domain: log pair weights of all examples (N×K); undefined for GD and for the squared loss */
  readonly logC: Float64Array | undefined;
  diverged: boolean;
  message: string | undefined;
}

export class CpuEngine implements Engine {
  readonly kind = 'cpu';
  readonly device = 'CPU float64';
  private runs: RunState[] = [];
  private steps = 0;

  get t(): number {
    return this.steps;
  }

  async load(runs: readonly RunSpec[], resume?: ResumeState): Promise<void> {
    if (resume && resume.W.length !== runs.length) {
      throw new LabError(`resume state has ${resume.W.length} weight matrices for ${runs.length} runs`, 'resume');
    }
    this.runs = runs.map((spec, r) => {
      const { n, d, k } = spec.problem.train;
      const start = resume ? resume.W[r] : spec.W0;
      if (start.length !== d * k) {
        throw new LabError(`run "${spec.label}": W(0) has ${start.length} entries, expected d×K = ${d}×${k}`, 'W0');
      }
      return {
        spec,
        loss: getLoss(spec.loss),
        W: Float64Array.from(start),
        grad: new Float64Array(d * k),
        s: new Float64Array(k),
        g: new Float64Array(k),
        logC: spec.optimizer === 'ngd' && hasLogWeights(spec) ? new Float64Array(n * k) : undefined,
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
          run.message = `diverged at t = ${t}: the loss or W became non-finite (W is kept at t = ${t}). ${stepAdvice(run.spec.loss, run.spec.problem, run.spec.lr).message}`;
          break;
        }
      }
    }
    this.steps += steps;
  }

  async checkpoint(): Promise<Checkpoint[]> {
    return this.runs.map((run, r) => {
      const metrics = computeMetrics(run.W, run.spec.problem, run.spec.loss);
      const base = { run: r, t: this.steps, ...metrics };
      return run.diverged ? { ...base, status: 'diverged', message: run.message } : { ...base, status: 'running' };
    });
  }

  async weights(run: number): Promise<Float64Array> {
    return Float64Array.from(this.runs[run].W);
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
  return spec.schedule === 'sqrt' ? spec.lr / Math.sqrt(t + 1) : spec.lr;
}

/** Applies update number t. Returns false (and leaves W unchanged) when the loss, gradient or new W is non-finite. */
function stepRun(run: RunState, t: number): boolean {
  const { spec, W, grad } = run;
  const n = spec.problem.train.n;
  const eta = stepSize(spec, t);
  let scale: number;
  if (spec.optimizer === 'ngd' && run.logC) {
    const norm = logDomainDirection(run);
    if (Number.isNaN(norm)) return false;
    if (norm === 0) return true; // every pair weight is zero (hinge with all margins ≥ 1): nothing to do
    scale = eta / norm;
  } else {
    const lossSum = plainGradient(run);
    if (!Number.isFinite(lossSum)) return false;
    if (spec.optimizer === 'ngd') {
      const norm = frobenius(grad);
      if (norm === 0) return true;
      scale = eta / norm;
    } else {
      scale = eta / n;
    }
  }
  const size = W.length;
  for (let q = 0; q < size; q++) {
    const next = W[q] - scale * grad[q];
    if (!Number.isFinite(next)) return false;
    grad[q] = next;
  }
  W.set(grad);
  return true;
}

/** grad = Σ_i x_i g_iᵀ = N ∇R; returns Σ_i L_{y_i}(s_i). */
function plainGradient(run: RunState): number {
  const { spec, loss, W, grad, s, g } = run;
  const { n, d, k, X, y } = spec.problem.train;
  grad.fill(0);
  let lossSum = 0;
  for (let i = 0; i < n; i++) {
    scores(X, W, i, d, k, s);
    lossSum += loss.valueGrad(s, 0, y[i], k, g, 0);
    accumulate(X, grad, i, d, k, g);
  }
  return lossSum;
}

/**
 * The NGD direction in the log domain (paper-spec §5): ℓ_ij = log c_ij, M = max ℓ, C = exp(ℓ − M),
 * grad = Xᵀ G with G built from C. Scaling by e^{−M} keeps the weights O(1) however far in the tail the
 * margins are. Returns ‖grad‖_F, 0 when every weight is zero, NaN when a weight is not finite.
 */
function logDomainDirection(run: RunState): number {
  const { spec, loss, W, grad, s, g } = run;
  const logC = run.logC as Float64Array;
  const { n, d, k, X, y } = spec.problem.train;
  let top = -Infinity;
  for (let i = 0; i < n; i++) {
    scores(X, W, i, d, k, s);
    loss.logWeights(s, 0, y[i], k, logC, i * k);
    for (let c = 0; c < k; c++) {
      const l = logC[i * k + c];
      if (Number.isNaN(l) || l === Infinity) return NaN;
      if (l > top) top = l;
    }
  }
  if (top === -Infinity) return 0;
  grad.fill(0);
  for (let i = 0; i < n; i++) {
    const yi = y[i];
    let sum = 0;
    for (let c = 0; c < k; c++) {
      if (c === yi) continue;
      const w = Math.exp(logC[i * k + c] - top);
      g[c] = w;
      sum += w;
    }
    g[yi] = -sum;
    accumulate(X, grad, i, d, k, g);
  }
  return frobenius(grad);
}

/** s = Wᵀ x_i */
function scores(X: Float64Array, W: Float64Array, i: number, d: number, k: number, s: Float64Array): void {
  s.fill(0);
  const row = i * d;
  for (let j = 0; j < d; j++) {
    const x = X[row + j];
    const base = j * k;
    for (let c = 0; c < k; c++) s[c] += x * W[base + c];
  }
}

/** grad += x_i gᵀ */
function accumulate(X: Float64Array, grad: Float64Array, i: number, d: number, k: number, g: Float64Array): void {
  const row = i * d;
  for (let j = 0; j < d; j++) {
    const x = X[row + j];
    const base = j * k;
    for (let c = 0; c < k; c++) grad[base + c] += x * g[c];
  }
}

function frobenius(A: Float64Array): number {
  let sum = 0;
  for (let q = 0; q < A.length; q++) sum += A[q] * A[q];
  return Math.sqrt(sum);
}
