// Which norm's max-margin solution a run is predicted to approach, at the time scale of one checkpoint.
// The theory panel's checks and the optimizer × norm heat map's outlined cell both read this function,
// so they never disagree.
//
// Every optimizer of the table has one predicted norm at every time scale (its `bias`), except Adam with
// ε > 0. Without ε Adam approaches the max-norm max-margin solution (Zhang, Zou, Cao, arXiv 2406.10650).
// With ε > 0 its step is η m̂/(√v̂ + ε): while the gradient entries are far above ε it is Adam without ε,
// and once they are far below ε it is heavy-ball GD with the step η/ε, whose limit is the Frobenius SVM Ŵ
// (Wang et al., arXiv 2110.03891, who prove this for deterministic Adam with ε). On separable data the
// gradients of an exponential-tail loss fall to 0, so the eventual prediction is Frobenius; how early
// it applies depends on ε and on the data. We state it only once the gradients are provably far below
// ε, and before that say that there is no prediction yet, rather than a verdict that may be wrong.
import { getLoss } from '../training/losses.ts';
import {
  DEFAULT_OPTIMIZER_PARAMS,
  OPTIMIZERS,
  type BiasNorm,
  type OptimizerName,
  type OptimizerParams,
} from '../training/optimizers.ts';
import type { LossName } from '../types.ts';

/** Adam's ε counts as dominating its step once every gradient entry is at most this fraction of ε. */
export const FAR_BELOW_EPS = 1e-2;

/** What a prediction needs to know of a run (a RunSpec has all of it). */
export interface BiasRun {
  readonly optimizer: OptimizerName;
  /** β, β₂, ε, ns; left out: the defaults (ε = 1e-8) */
  readonly optim?: OptimizerParams;
  readonly loss?: LossName;
  /** the training inputs, for the bound on the gradient's entries */
  readonly problem?: { readonly train: { readonly X: Float64Array } };
}

interface BiasPrediction {
  /** the norm predicted at this time scale; null while none can be stated (Adam with ε > 0 before its gradients are known to be far below ε) */
  readonly norm: BiasNorm | null;
  /** the norm approached as t → ∞ */
  readonly eventual: BiasNorm;
  /** Adam with ε > 0 only: the norm it heads for while its gradients are far above ε (Adam without ε's) */
  readonly early?: BiasNorm;
  /** Adam with ε > 0 only: the bound on every gradient entry at this checkpoint (undefined: none known) */
  readonly gradientBound?: number;
  /** the prediction in words */
  readonly why: string;
}

const maxAbsCache = new WeakMap<Float64Array, number>();

/** max_ij |X_ij|, cached per array (the inputs never change once a problem is built). */
export function maxAbsEntry(X: Float64Array): number {
  let hit = maxAbsCache.get(X);
  if (hit === undefined) {
    hit = 0;
    for (const v of X) hit = Math.max(hit, Math.abs(v));
    maxAbsCache.set(X, hit);
  }
  return hit;
}

/**
 * An upper bound on every entry of ∇R = (1/N) Σ_i x_i ∂L_i/∂uᵀ: max|x| · R for the exponential-tail losses.
 * For PairLogLoss and the exponential loss each pair weight c(u) is at most the pair's loss f(u)
 * (σ(−u) ≤ log(1 + e^{−u}); e^{−u} = e^{−u}), and the true class's entry is minus their sum; for
 * cross-entropy the entries are p_k ≤ 1 − p_y ≤ −log p_y and p_y − 1. So |∂L_i/∂u_k| ≤ L_i, and
 * |(∇R)_{jk}| ≤ max_i |x_ij| · (1/N) Σ_i L_i. Undefined for the other losses (no such bound).
 */
export function gradientEntryBound(loss: LossName, meanLoss: number, xMax: number): number | undefined {
  if (!getLoss(loss).et || !(meanLoss >= 0)) return undefined;
  return xMax * meanLoss;
}

const EPS_TEXT = (eps: number) => `ε = ${eps}`;

/**
 * The predicted norm of a run, given its latest checkpoint's mean training loss (none: before the first).
 * Only Adam with ε > 0 depends on the time scale: max-norm early, Frobenius once ε dominates its step.
 */
export function predictedBias(run: BiasRun, meanLoss?: number): BiasPrediction {
  const table = OPTIMIZERS[run.optimizer];
  const eps = (run.optim ?? DEFAULT_OPTIMIZER_PARAMS).eps;
  if (run.optimizer !== 'adam' || eps === 0) return { norm: table.bias, eventual: table.bias, why: table.biasSource };
  const bound =
    meanLoss === undefined || !run.loss || !run.problem
      ? undefined
      : gradientEntryBound(run.loss, meanLoss, maxAbsEntry(run.problem.train.X));
  const settled = bound !== undefined && bound <= FAR_BELOW_EPS * eps;
  const why = settled
    ? `Adam with ${EPS_TEXT(eps)}: every gradient entry is at most ${bound.toExponential(1)} ≤ ${FAR_BELOW_EPS}·ε, so ε dominates its step and it moves like heavy-ball GD, toward the Frobenius SVM Ŵ (Wang et al., arXiv 2110.03891)`
    : `Adam with ${EPS_TEXT(eps)}: toward the max-norm solution while its gradients are far above ε (as without ε; Zhang, Zou, Cao, arXiv 2406.10650), toward the Frobenius SVM Ŵ once they fall far below ε (Wang et al., arXiv 2110.03891); ` +
      (bound === undefined
        ? 'no bound on its gradients is known yet'
        : `its gradient entries are bounded by ${bound.toExponential(1)}, not yet ≤ ${FAR_BELOW_EPS}·ε`);
  return { norm: settled ? 'fro' : null, eventual: 'fro', early: 'max', gradientBound: bound, why };
}
