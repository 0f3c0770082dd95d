// Live checks of the paper's predictions (Ravi et al., arXiv 2411.01350, Theorem 3.4; docs/theory.md,
// sections 4 and 6) on one run's checkpoint series, and the exponential-tail bounds of the template
// viewer (docs/theory.md, section 3). Each check reads the last
// decade of t: it compares a quantity at t_end with its value near t_end / 10.
import type { Checkpoint } from './types.ts';

export type Verdict = 'holds' | 'not yet' | 'fails' | 'n/a';

export interface TheoryCheck {
  readonly id: 'distance-log' | 'norm-growth' | 't-loss' | 'row-sums' | 'margin';
  readonly claim: string;
  readonly verdict: Verdict;
  /** the number the verdict rests on (NaN when there is none yet) */
  readonly value: number;
  readonly evidence: string;
}

/** The checks need at least this many steps before they speak (two full decades). */
export const CHECK_MIN_T = 100;
/**
 * Over a decade, distance·ln t grows by the factor ln t_end / ln t_early when the distance does
 * not shrink at all, and by 1 when it shrinks exactly like 1/ln t. Bounded means it stays at most
 * this fraction of the way from the second towards the first.
 */
export const BOUNDED_FRACTION = 0.5;
/** Accepted slope of ‖W‖/‖Ŵ‖ against ln t. The asymptotic slope is 1; at t ≈ 1e5 the paper's set-up gives 0.5–0.6. */
export const NORM_SLOPE_RANGE = [0.3, 1.5] as const;
/** t·loss counts as levelled off when it changes by less than this factor over a decade. */
export const LEVEL_FACTOR = 1.5;
/**
 * Beyond this factor per decade t·loss is not levelling off: a loss with a positive floor (squared)
 * makes it grow ×10, while an exponential tail on its way to Θ(1/t) grows it ×3 or so at t ≈ 10³.
 */
export const NOT_LEVELLING_FACTOR = 5;
/** marginRatio within this of 1 counts as reached. */
export const MARGIN_REACHED = 0.01;

/** A point at t_end and the checkpoint closest to t_end / 10 (in log t). */
function lastDecade(series: readonly Checkpoint[]): { early: Checkpoint; late: Checkpoint } | undefined {
  const usable = series.filter((c) => c.t >= 1 && c.status === 'running');
  const late = usable.at(-1);
  if (!late || late.t < CHECK_MIN_T) return undefined;
  const target = Math.log(late.t / 10);
  let early = usable[0];
  for (const c of usable) if (Math.abs(Math.log(c.t) - target) < Math.abs(Math.log(early.t) - target)) early = c;
  return early.t < late.t ? { early, late } : undefined;
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toPrecision(3) : String(v));

export function checkDistanceLog(series: readonly Checkpoint[]): TheoryCheck {
  const claim = 'distance · ln t stays bounded (direction → Ŵ/‖Ŵ‖ at rate 1/ln t)';
  const w = lastDecade(series);
  if (!w) return { id: 'distance-log', claim, verdict: 'n/a', value: NaN, evidence: `needs t ≥ ${CHECK_MIN_T}` };
  const a = w.early.distance * Math.log(w.early.t);
  const b = w.late.distance * Math.log(w.late.t);
  const growth = b / a;
  const stuck = Math.log(w.late.t) / Math.log(w.early.t);
  const verdict: Verdict =
    !Number.isFinite(growth) ? 'fails' : growth <= 1 + BOUNDED_FRACTION * (stuck - 1) ? 'holds' : growth < stuck ? 'not yet' : 'fails';
  return { id: 'distance-log', claim, verdict, value: b, evidence: `${fmt(a)} at t=${w.early.t} → ${fmt(b)} at t=${w.late.t}` };
}

export function checkNormGrowth(series: readonly Checkpoint[]): TheoryCheck {
  const claim = '‖W‖/‖Ŵ‖ grows like ln t (slope → 1)';
  const w = lastDecade(series);
  if (!w) return { id: 'norm-growth', claim, verdict: 'n/a', value: NaN, evidence: `needs t ≥ ${CHECK_MIN_T}` };
  const slope = (w.late.normRatio - w.early.normRatio) / (Math.log(w.late.t) - Math.log(w.early.t));
  const [lo, hi] = NORM_SLOPE_RANGE;
  const verdict: Verdict = slope >= lo && slope <= hi ? 'holds' : slope > 0.05 && slope < lo ? 'not yet' : 'fails';
  return { id: 'norm-growth', claim, verdict, value: slope, evidence: `slope against ln t over t=${w.early.t}…${w.late.t}: ${fmt(slope)}` };
}

export function checkTLoss(series: readonly Checkpoint[]): TheoryCheck {
  const claim = 't · loss levels off (loss = Θ(1/t))';
  const w = lastDecade(series);
  if (!w) return { id: 't-loss', claim, verdict: 'n/a', value: NaN, evidence: `needs t ≥ ${CHECK_MIN_T}` };
  const a = w.early.t * w.early.loss;
  const b = w.late.t * w.late.loss;
  const ratio = b / a;
  const verdict: Verdict =
    !(a > 0 && b > 0)
      ? 'fails'
      : ratio <= LEVEL_FACTOR && ratio >= 1 / LEVEL_FACTOR
        ? 'holds'
        : ratio < NOT_LEVELLING_FACTOR && ratio > 1 / NOT_LEVELLING_FACTOR
          ? 'not yet'
          : 'fails';
  return { id: 't-loss', claim, verdict, value: b, evidence: `${fmt(a)} at t=${w.early.t} → ${fmt(b)} at t=${w.late.t}` };
}

export function checkMargin(series: readonly Checkpoint[]): TheoryCheck {
  const claim = 'margin ratio γ(W)·‖Ŵ‖ approaches 1 from below';
  const w = lastDecade(series);
  if (!w) return { id: 'margin', claim, verdict: 'n/a', value: NaN, evidence: `needs t ≥ ${CHECK_MIN_T}` };
  const a = w.early.marginRatio;
  const b = w.late.marginRatio;
  const verdict: Verdict =
    Math.abs(1 - b) <= MARGIN_REACHED ? 'holds' : b > a && b < 1 ? (b > 0 ? 'holds' : 'not yet') : 'fails';
  return { id: 'margin', claim, verdict, value: b, evidence: `${fmt(a)} at t=${w.early.t} → ${fmt(b)} at t=${w.late.t}` };
}

/** max_j |Σ_k W[j,k] − Σ_k W0[j,k]| for d×K row-major weights: GD never changes the row sums W·1. */
export function rowSumDrift(W: Float64Array, W0: Float64Array, k: number): number {
  let worst = 0;
  for (let row = 0; row * k < W.length; row++) {
    let drift = 0;
    for (let c = 0; c < k; c++) drift += W[row * k + c] - W0[row * k + c];
    worst = Math.max(worst, Math.abs(drift));
  }
  return worst;
}

/** Row sums must stay put to this tolerance, relative to max(1, ‖W‖_max). */
export function checkRowSums(W: Float64Array, W0: Float64Array, k: number, tolerance: number): TheoryCheck {
  const claim = 'W·1 stays at its start (the gradient’s rows sum to 0)';
  const drift = rowSumDrift(W, W0, k);
  let scale = 1;
  for (const v of W) scale = Math.max(scale, Math.abs(v));
  const verdict: Verdict = drift <= tolerance * scale ? 'holds' : 'fails';
  return { id: 'row-sums', claim, verdict, value: drift, evidence: `max row-sum drift ${drift.toExponential(2)} (tolerance ${(tolerance * scale).toExponential(1)})` };
}

/**
 * Exponential-tail bounds on −∂ψ/∂u₁ with c = a = 1 (docs/theory.md, section 3): upper e^{−u₁};
 * lower (1 − Σ_j e^{−u_j}) e^{−u₁}, which is informative in the positive orthant.
 */
export function etBounds(u: readonly number[]): { upper: number; lower: number } {
  let tail = 0;
  for (const v of u) tail += Math.exp(-v);
  const upper = Math.exp(-u[0]);
  return { upper, lower: (1 - tail) * upper };
}
