// PERM losses (Wang & Scott, JMLR 2024, arXiv 2311.17778; docs/theory.md, section 1): L_y(s) = ψ(u) with
// u_j = s_y − s_j (j ≠ y) and a symmetric template ψ.
// Every loss exposes the same pieces: value and score gradient (for GD), log-domain pair weights (for NGD,
// docs/numerics.md, section 1), the template itself (for the theory panel) and a score-Hessian bound (for the step-size rule).
// All evaluations are in stable forms: softplus and log-sum-exp never overflow, and 1 − p_y is never formed.
import * as pm from '../linalg/portable-math.ts';

/** The losses, in the order of their codes (the GPU's LOSS_* constants are their indices). */
export const LOSS_NAMES = ['pairlog', 'ce', 'exp', 'hinge', 'squared', 'poly'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

export interface PermLoss {
  readonly name: LossName;
  readonly label: string;
  /** multiclass exponential tail (arXiv 2411.01350; docs/theory.md, section 3)? */
  readonly et: boolean;
  /** one sentence for the theory panel: why it is / is not ET, what GD then does */
  readonly why: string;
  /** sup_v ‖∇²_v L_y(v)‖₂ for K classes (score Hessian bound); Infinity when not globally smooth */
  betaV(k: number): number;
  /** a score-Hessian bound that holds only while every margin u_j ≥ 0 (for a loss with betaV = Infinity), if any */
  betaVClassified?(k: number): number;
  /** L_y(s) for scores s[off..off+k); when g is given, writes ∂L/∂s_j into g[goff+j] for all j */
  valueGrad(s: ArrayLike<number>, off: number, y: number, k: number, g?: Float64Array, goff?: number): number;
  /** writes ∂L/∂s_j into g[goff+j] for all j without evaluating L (the engine's inner loop needs only this) */
  grad(s: ArrayLike<number>, off: number, y: number, k: number, g: Float64Array, goff: number): void;
  /** log of the per-pair weights c_j = ∂L/∂s_j (j ≠ y) into out[ooff+j], −Infinity where c_j = 0 (out[ooff+y] is
      left −Infinity); returns false when the loss has no positive-weights form (squared loss: c can be negative) */
  logWeights(s: ArrayLike<number>, off: number, y: number, k: number, out: Float64Array, ooff: number): boolean;
  /** template ψ(u), u ∈ R^{K−1} */
  template(u: ArrayLike<number>): number;
  /** −∂ψ/∂u_j at u */
  templateWeight(u: ArrayLike<number>, j: number): number;
}

/** Exponent r of the polynomial-tail loss Σ_j (1 + softplus(u_j))^{−r}; the GPU engine reads it too (RunParams.power). */
export const POLY_R = 1;
/**
 * sup_u |f''(u)| for f(u) = (1 + softplus(u))^{−1}, rounded up: a dense float64 scan of u ∈ [−40, 40] gives
 * 0.06584 at u ≈ −1.666, and f'' decays like e^{u} and u^{−3} in the two tails. tests/unit/training/losses.test.ts
 * re-derives it by its own scan.
 */
const POLY_CURVATURE_SUP = 0.07;

/** log(1 + e^x) without overflow or loss of the tail. */
export function softplus(x: number): number {
  return Math.max(x, 0) + pm.log1p(pm.exp(-Math.abs(x)));
}

/** 1/(1 + e^{−x}), exact in both tails. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + pm.exp(-x));
  const e = pm.exp(x);
  return e / (1 + e);
}

/** Writes ∂L/∂s_y = −Σ_{j≠y} c_j, given c_j already in g[goff+j] for j ≠ y. */
function closeGradient(g: Float64Array, goff: number, y: number, k: number): void {
  let sum = 0;
  for (let j = 0; j < k; j++) if (j !== y) sum += g[goff + j];
  g[goff + y] = -sum;
}

/** A separable template ψ(u) = Σ_j f(u_j): the loss, its pair weights and their logs follow from f. */
interface SeparableTail {
  /** f(u) */
  f(u: number): number;
  /** c(u) = −f'(u) */
  c(u: number): number;
  /** log c(u), or undefined when c can be ≤ 0 */
  logC?(u: number): number;
}

function separableLoss(
  meta: Pick<PermLoss, 'name' | 'label' | 'et' | 'why' | 'betaV' | 'betaVClassified'>,
  tail: SeparableTail,
): PermLoss {
  const { f, c, logC } = tail;
  return {
    ...meta,
    valueGrad(s, off, y, k, g, goff = 0) {
      const sy = s[off + y];
      let value = 0;
      for (let j = 0; j < k; j++) {
        if (j === y) continue;
        const u = sy - s[off + j];
        value += f(u);
        if (g) g[goff + j] = c(u);
      }
      if (g) closeGradient(g, goff, y, k);
      return value;
    },
    grad(s, off, y, k, g, goff) {
      const sy = s[off + y];
      for (let j = 0; j < k; j++) if (j !== y) g[goff + j] = c(sy - s[off + j]);
      closeGradient(g, goff, y, k);
    },
    logWeights(s, off, y, k, out, ooff) {
      if (!logC) return false;
      const sy = s[off + y];
      for (let j = 0; j < k; j++) out[ooff + j] = j === y ? -Infinity : logC(sy - s[off + j]);
      return true;
    },
    template(u) {
      let value = 0;
      for (let j = 0; j < u.length; j++) value += f(u[j]);
      return value;
    },
    templateWeight(u, j) {
      return c(u[j]);
    },
  };
}

const pairlog = separableLoss(
  {
    name: 'pairlog',
    label: 'PairLogLoss',
    et: true,
    why: 'Each pair weight σ(−u_j) lies between e^{−u_j}(1 − e^{−u_j}) and e^{−u_j}, an exponential tail, so ‖W‖ grows like log t and W/‖W‖ turns toward the hard-margin SVM Ŵ.',
    // Hessian Σ_j σ'(·)(e_y − e_j)(e_y − e_j)ᵀ with σ' ≤ 1/4 and λ_max(Σ_j (e_y − e_j)(e_y − e_j)ᵀ) = K; equality at s = 0.
    betaV: (k) => k / 4,
  },
  { f: (u) => softplus(-u), c: (u) => sigmoid(-u), logC: (u) => -softplus(u) },
);

const exp = separableLoss(
  {
    name: 'exp',
    label: 'Multiclass exponential',
    et: true,
    why: 'The pair weights are exactly e^{−u_j}, the model exponential tail, so GD converges in direction to Ŵ; but the loss is not globally smooth, and a large η can blow up.',
    betaV: () => Infinity,
    // Hessian Σ_j e^{−u_j}(e_y − e_j)(e_y − e_j)ᵀ: norm ≤ K while every margin u_j ≥ 0
    betaVClassified: (k) => k,
  },
  { f: (u) => pm.exp(-u), c: (u) => pm.exp(-u), logC: (u) => -u },
);

const hinge = separableLoss(
  {
    name: 'hinge',
    label: 'Weston–Watkins hinge',
    et: false,
    why: 'The hinge has no tail: once every margin u_j reaches 1 the (sub)gradient is zero, so GD stops at a finite W that depends on the start, not at the direction of Ŵ.',
    betaV: () => Infinity,
  },
  {
    f: (u) => Math.max(0, 1 - u),
    c: (u) => (u < 1 ? 1 : 0),
    logC: (u) => (u < 1 ? 0 : -Infinity),
  },
);

const squared = separableLoss(
  {
    name: 'squared',
    label: 'Squared (relative margin)',
    et: false,
    why: 'Σ_j (1 − u_j)² is minimised at finite margins and pushes back when u_j > 1, so GD converges to a least-squares fit, not to the max-margin direction.',
    // Hessian 2 Σ_j (e_y − e_j)(e_y − e_j)ᵀ for every s, whose largest eigenvalue is 2K.
    betaV: (k) => 2 * k,
  },
  { f: (u) => (1 - u) * (1 - u), c: (u) => 2 * (1 - u) },
);

const poly = separableLoss(
  {
    name: 'poly',
    label: 'Polynomial tail (r = 1)',
    et: false,
    why: 'Its pair weights decay only like u^{−2}, a polynomial tail, so the support vectors do not dominate and GD need not approach the max-margin direction.',
    // Hessian Σ_j f''(u_j)(e_y − e_j)(e_y − e_j)ᵀ with |f''| ≤ POLY_CURVATURE_SUP: norm ≤ POLY_CURVATURE_SUP · K.
    betaV: (k) => POLY_CURVATURE_SUP * k,
  },
  {
    f: (u) => Math.pow(1 + softplus(u), -POLY_R),
    c: (u) => POLY_R * sigmoid(u) * Math.pow(1 + softplus(u), -POLY_R - 1),
    // log r + log σ(u) − (r+1) log(1 + softplus(u)); log σ(u) = −softplus(−u)
    logC: (u) => pm.log(POLY_R) - softplus(-u) - (POLY_R + 1) * pm.log1p(softplus(u)),
  },
);

/**
 * log(1 + Σ_j e^{−u_j}) for the margins of s against y, shifted so that it never overflows and keeps full
 * relative precision when all margins are large (log1p of a tiny sum).
 */
function ceValue(s: ArrayLike<number>, off: number, y: number, k: number): number {
  const sy = s[off + y];
  let shift = 0; // max(0, max_j −u_j)
  for (let j = 0; j < k; j++) if (j !== y) shift = Math.max(shift, s[off + j] - sy);
  if (shift === 0) {
    let sum = 0;
    for (let j = 0; j < k; j++) if (j !== y) sum += pm.exp(s[off + j] - sy);
    return pm.log1p(sum);
  }
  let sum = pm.exp(-shift);
  for (let j = 0; j < k; j++) if (j !== y) sum += pm.exp(s[off + j] - sy - shift);
  return shift + pm.log(sum);
}

const ce: PermLoss = {
  name: 'ce',
  label: 'Cross-entropy',
  et: true,
  why: 'The softmax weights e^{−u_j}/(1 + Σ_l e^{−u_l}) have an exponential tail, so ‖W‖ grows like log t and W/‖W‖ converges to the hard-margin SVM direction.',
  // Hessian diag(p) − ppᵀ, whose largest eigenvalue is at most 1/2 (reached at p = (½, ½, 0, …)).
  betaV: () => 1 / 2,
  valueGrad(s, off, y, k, g, goff = 0) {
    const value = ceValue(s, off, y, k);
    if (g) {
      const sy = s[off + y];
      for (let j = 0; j < k; j++) if (j !== y) g[goff + j] = pm.exp(s[off + j] - sy - value);
      closeGradient(g, goff, y, k);
    }
    return value;
  },
  grad(s, off, y, k, g, goff) {
    ce.valueGrad(s, off, y, k, g, goff);
  },
  logWeights(s, off, y, k, out, ooff) {
    const value = ceValue(s, off, y, k);
    const sy = s[off + y];
    for (let j = 0; j < k; j++) out[ooff + j] = j === y ? -Infinity : s[off + j] - sy - value;
    return true;
  },
  template(u) {
    const s = templateScores(u);
    return ceValue(s, 0, 0, s.length);
  },
  templateWeight(u, j) {
    const s = templateScores(u);
    return pm.exp(-u[j] - ceValue(s, 0, 0, s.length));
  },
};

/** Scores (0, −u_1, …, −u_{K−1}) whose margins against class 0 are u. */
function templateScores(u: ArrayLike<number>): Float64Array {
  const s = new Float64Array(u.length + 1);
  for (let j = 0; j < u.length; j++) s[j + 1] = -u[j];
  return s;
}

export const LOSSES: Record<LossName, PermLoss> = { pairlog, ce, exp, hinge, squared, poly };

export function getLoss(name: LossName): PermLoss {
  return LOSSES[name];
}
